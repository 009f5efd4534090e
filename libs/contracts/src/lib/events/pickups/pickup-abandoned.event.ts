import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { PARTNER_ID_PATTERN, Topics } from '../../topics';
import { IsCount, IsText } from '../field-decorators';
import { PICKUP_ABANDON_REASONS, PickupAbandonReason } from '../vocabulary';

/**
 * The parcel will not be collected: returns-intake expires the return. Carries no partner when no
 * partner could take the pickup at all.
 */
export class PickupAbandoned extends EventPayload {
  static readonly eventType = 'PickupAbandoned';
  static readonly topic = Topics.pickupsPickup;
  @IsUUID() pickupId!: string;
  @IsUUID() returnId!: string;
  @IsOptional() @Matches(PARTNER_ID_PATTERN) partnerId?: string;
  @IsIn(PICKUP_ABANDON_REASONS) reason!: PickupAbandonReason;
  /** The reason in words, for the return's timeline. */
  @IsText() detail!: string;
  /** Pickup attempts made; 0 for a label or a pickup that never got a partner. */
  @IsCount() attempts!: number;
}
