import { IsIn, IsInt, Min } from 'class-validator';
import { Topics } from '../../topics';
import { PICKUP_EXPIRY_REASONS, PickupExpiryReason } from '../vocabulary';
import { PickupPayload } from './pickup-payload';

export class PickupExpired extends PickupPayload {
  static readonly eventType = 'PickupExpired';
  static readonly topic = Topics.pickupsPickup;
  @IsIn(PICKUP_EXPIRY_REASONS) reason!: PickupExpiryReason;
  /** Pickup attempts made; 0 for a label that was never used. */
  @IsInt() @Min(0) attempts!: number;
}
