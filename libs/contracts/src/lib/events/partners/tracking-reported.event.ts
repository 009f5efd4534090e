import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PartnerTopics } from '../../topics';
import { EventPayload } from '../../event-payload';
import { IsId, IsText, IsTimestamp, RequiredWhen } from '../field-decorators';
import { TRACKING_STATUSES, TrackingStatus } from '../vocabulary';

/**
 * What a partner reports about one of its pickups, on `partners.<partnerId>.tracking.v1` (the
 * CloudEvent's `ce_id` is the partner's event id) or as the body of a signed webhook (with
 * `eventId`). The partner is whoever owns the topic or signed the request; a partner id in the
 * payload is not looked at.
 */
export class TrackingReported extends EventPayload {
  static readonly eventType = 'TrackingReported';
  static readonly topic = PartnerTopics.tracking;
  @IsUUID() pickupId!: string;
  @IsIn(TRACKING_STATUSES) status!: TrackingStatus;
  /** When it happened at the partner; events may arrive late and out of order. */
  @IsTimestamp() occurredAt!: string;
  /** Required for `attempt_failed` and `exception`. */
  @RequiredWhen('status', ['attempt_failed', 'exception'], 'unchecked')
  @IsText()
  reason?: string;
  /** Required for `delivered_to_warehouse`. */
  @RequiredWhen('status', ['delivered_to_warehouse'], 'unchecked')
  @IsId()
  warehouseId?: string;
  @IsOptional() @IsText() location?: string;
}
