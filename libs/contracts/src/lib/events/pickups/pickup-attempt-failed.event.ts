import {} from 'class-validator';
import { Topics } from '../../topics';
import { IsCount, IsText } from '../field-decorators';
import { PickupPayload } from './pickup-payload';

export class PickupAttemptFailed extends PickupPayload {
  static readonly eventType = 'PickupAttemptFailed';
  static readonly topic = Topics.pickupsPickup;
  /** Which attempt failed, counting from 1. */
  @IsCount(1) attempt!: number;
  @IsText() reason!: string;
}
