/**
 * Tracking events from partners' own topics. The partner is the topic's owner; an event about
 * another partner's pickup is recorded as rejected (GET /v1/partners/{id}/rejected-events) and its
 * offset committed, so it is never applied and never blocks the partition.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PartnerTopics, TrackingReported } from '@rebound/contracts';
import { ConsumedEvent, Outbox, PermanentError } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { Logger } from '@rebound/observability';
import type { PickupsConfig } from '../config/pickups-config';
import type { Clock } from '../domain/ports';
import { RecordTracking } from '../domain/use-cases/record-tracking/record-tracking';
import { pickupsTransaction } from '../persistence/pickups-transactions';
import { CLOCK, LOGGER, PICKUPS_CONFIG } from '../providers';

@Injectable()
export class TrackingEventsHandler {
  private readonly recordTracking: RecordTracking;

  constructor(
    private readonly outbox: Outbox,
    @Inject(CLOCK) clock: Clock,
    @Inject(PICKUPS_CONFIG) config: PickupsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.recordTracking = new RecordTracking(clock, config);
  }

  @HandleEvent(TrackingReported)
  async tracked(event: ConsumedEvent<TrackingReported>, manager: EntityManager): Promise<void> {
    const partnerId = PartnerTopics.tracking.partnerIdOf(event.topic);
    if (!partnerId) throw new PermanentError(`${event.topic} is not a partner tracking topic`);
    const result = await this.recordTracking.execute(pickupsTransaction(manager, this.outbox), {
      partnerId,
      eventId: event.id,
      channel: 'kafka',
      event: event.data,
    });
    if (result.outcome === 'rejected') {
      this.logger.warn(
        { partnerId, pickupId: event.data.pickupId, reason: result.reason, topic: event.topic },
        `tracking event rejected: ${result.detail}`,
      );
    }
  }
}
