import { Type } from 'class-transformer';
import { IsIn, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsCount, IsText } from '../field-decorators';
import { TimeWindow } from '../time-window';
import { PICKUP_METHODS, PickupMethod } from '../vocabulary';
import { PickupPayload } from './pickup-payload';

/** After a failed attempt, the same partner comes again in the next free slot. */
export class PickupRescheduled extends PickupPayload {
  static readonly eventType = 'PickupRescheduled';
  static readonly topic = Topics.pickupsPickup;
  @IsIn(PICKUP_METHODS) method!: PickupMethod;
  @ValidateNested() @Type(() => TimeWindow) slot!: TimeWindow;
  /** The attempt this slot is for: 2 after the first failure, and so on. */
  @IsCount(2) attempt!: number;
  /** Why the previous attempt failed, as the partner reported it. */
  @IsText() reason!: string;
}
