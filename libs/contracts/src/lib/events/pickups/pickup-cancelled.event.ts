import { Topics } from '../../topics';
import { IsText } from '../field-decorators';
import { PickupPayload } from './pickup-payload';

export class PickupCancelled extends PickupPayload {
  static readonly eventType = 'PickupCancelled';
  static readonly topic = Topics.pickupsPickup;
  @IsText() reason!: string;
}
