import { IsOptional } from 'class-validator';
import { Topics } from '../../topics';
import { IsText } from '../field-decorators';
import { PickupPayload } from './pickup-payload';

export class ParcelInTransit extends PickupPayload {
  static readonly eventType = 'ParcelInTransit';
  static readonly topic = Topics.pickupsPickup;
  /** Where the partner last scanned the parcel, as the partner reports it. */
  @IsOptional() @IsText() location?: string;
}
