/**
 * Tracking events from partners' own topics. The partner is the topic's owner; an event about
 * another partner's pickup is recorded as rejected (GET /v1/partners/{id}/rejected-events) and its
 * offset committed, so it is never applied and never blocks the partition.
 */
import { Inject, Injectable } from '@nestjs/common';
import { PartnerTopics, TrackingReported } from '@rebound/contracts';
import { PermanentError, type ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { Logger } from '@rebound/observability';
import type { PickupsTransaction } from '../domain/ports';
import { RecordTracking } from '../domain/use-cases/record-tracking/record-tracking';
import { RecordTrackingCommand } from '../domain/use-cases/record-tracking/record-tracking.command';
import { LOGGER } from '../providers';

@Injectable()
export class TrackingEventsHandler {
  constructor(
    private readonly recordTracking: RecordTracking,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @HandleEvent(TrackingReported)
  async tracked(event: ConsumedEvent<TrackingReported>, tx: PickupsTransaction): Promise<void> {
    const partnerId = PartnerTopics.tracking.partnerIdOf(event.topic);
    if (!partnerId) throw new PermanentError(`${event.topic} is not a partner tracking topic`);
    const command = RecordTrackingCommand.of({ partnerId, eventId: event.id, channel: 'kafka', event: event.data });
    const result = await this.recordTracking.execute(tx, command);
    if (result.outcome === 'rejected') {
      this.logger.warn(
        { partnerId, pickupId: event.data.pickupId, reason: result.reason, topic: event.topic },
        `tracking event rejected: ${result.detail}`,
      );
    }
  }
}
