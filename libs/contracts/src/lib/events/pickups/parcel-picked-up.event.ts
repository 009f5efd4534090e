import { Type } from 'class-transformer';
import { ArrayMinSize, IsOptional, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsId } from '../field-decorators';
import { ParcelLine } from './parcel-line';
import { PickupPayload } from './pickup-payload';

export class ParcelPickedUp extends PickupPayload {
  static readonly eventType = 'ParcelPickedUp';
  static readonly topic = Topics.pickupsPickup;
  @IsOptional() @IsId() trackingNumber?: string;
  /** The warehouse the parcel is routed to. */
  @IsId() destinationWarehouseId!: string;
  /** What the partner collected. */
  @ValidateNested({ each: true }) @Type(() => ParcelLine) @ArrayMinSize(1) lines!: ParcelLine[];
}
