import { Type } from 'class-transformer';
import { IsCount } from '../field-decorators';
import { IsIn, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { TimeWindow } from '../time-window';
import { PICKUP_METHODS, PickupMethod } from '../vocabulary';
import { PickupPayload } from './pickup-payload';

export class PickupScheduled extends PickupPayload {
  static readonly eventType = 'PickupScheduled';
  static readonly topic = Topics.pickupsPickup;
  @IsIn(PICKUP_METHODS) method!: PickupMethod;
  /** The window the partner booked. */
  @ValidateNested() @Type(() => TimeWindow) slot!: TimeWindow;
  /** 1 for the first booking, one more for each reschedule after a failed attempt. */
  @IsCount(1) attempt!: number;
}
