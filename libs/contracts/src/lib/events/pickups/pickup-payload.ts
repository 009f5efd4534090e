import { IsUUID, Matches } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { PARTNER_ID_PATTERN } from '../../topics';

/** What every event on `pickups.pickup.v1` carries. */
export abstract class PickupPayload extends EventPayload {
  @IsUUID() pickupId!: string;
  @IsUUID() returnId!: string;
  /** The 3PL partner handling the pickup or label. */
  @Matches(PARTNER_ID_PATTERN) partnerId!: string;
}
