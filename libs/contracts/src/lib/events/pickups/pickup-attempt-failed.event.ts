import { IsInt, Min } from 'class-validator';
import { Topics } from '../../topics';
import { IsText } from '../field-decorators';
import { PickupPayload } from './pickup-payload';

export class PickupAttemptFailed extends PickupPayload {
  static readonly eventType = 'PickupAttemptFailed';
  static readonly topic = Topics.pickupsPickup;
  /** Which attempt failed, counting from 1. */
  @IsInt() @Min(1) attempt!: number;
  @IsText() reason!: string;
}
