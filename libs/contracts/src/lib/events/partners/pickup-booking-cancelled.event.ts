import { IsOptional, IsUUID } from 'class-validator';
import { PartnerTopics } from '../../topics';
import { EventPayload } from '../../event-payload';
import { IsCount, IsText } from '../field-decorators';

/** Tells a partner not to come: the return was cancelled, or the pickup was given up. */
export class PickupBookingCancelled extends EventPayload {
  static readonly eventType = 'PickupBookingCancelled';
  static readonly topic = PartnerTopics.bookings;
  @IsUUID() pickupId!: string;
  @IsUUID() returnId!: string;
  /**
   * Only this attempt's visit is called off (the parcel was collected before it); absent, the whole
   * pickup is.
   */
  @IsOptional() @IsCount(1) attempt?: number;
  @IsText() reason!: string;
}
