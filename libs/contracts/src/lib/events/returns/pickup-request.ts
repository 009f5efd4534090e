import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { TimeWindow } from '../time-window';
import { Address } from './address';

/** Where and when the customer wants the parcel collected. */
export class PickupRequest {
  @ValidateNested() @Type(() => Address) address!: Address;
  @ValidateNested() @Type(() => TimeWindow) window!: TimeWindow;
}
