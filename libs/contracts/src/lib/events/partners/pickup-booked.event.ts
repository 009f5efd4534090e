import { Type } from 'class-transformer';
import { ArrayMinSize, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PartnerTopics } from '../../topics';
import { EventPayload } from '../../event-payload';
import { IsCount, IsId, IsTimestamp, RequiredWhen } from '../field-decorators';
import { ParcelLine } from '../pickups/parcel-line';
import { Address } from '../returns/address';
import { TimeWindow } from '../time-window';
import { PICKUP_METHODS, RETURN_METHODS, ReturnMethod } from '../vocabulary';

/**
 * A booking sent to one partner on `partners.<partnerId>.bookings.v1`: collect this parcel in this
 * slot (pickup methods), or accept it under this tracking number until `expiresAt` (labels). Sent
 * again with a higher `attempt` when a failed pickup is rebooked.
 */
export class PickupBooked extends EventPayload {
  static readonly eventType = 'PickupBooked';
  static readonly topic = PartnerTopics.bookings;
  /** The id the partner reports tracking events against. */
  @IsUUID() pickupId!: string;
  @IsUUID() returnId!: string;
  @IsIn(RETURN_METHODS) method!: ReturnMethod;
  @IsCount(1) attempt!: number;
  /** Required for pickup methods; checked whenever it is given. */
  @RequiredWhen('method', PICKUP_METHODS, 'checked-when-given')
  @ValidateNested()
  @Type(() => TimeWindow)
  slot?: TimeWindow;
  /** Required for pickup methods; checked whenever it is given. */
  @RequiredWhen('method', PICKUP_METHODS, 'checked-when-given')
  @ValidateNested()
  @Type(() => Address)
  address?: Address;
  @IsId() trackingNumber!: string;
  /** For in-store drop-off: the code the customer shows instead of a printed label. */
  @IsOptional() @IsId() dropOffCode?: string;
  /** For labels: past this, the label is void. */
  @IsOptional() @IsTimestamp() expiresAt?: string;
  /** Where the parcel goes. */
  @IsId() destinationWarehouseId!: string;
  @ValidateNested({ each: true }) @Type(() => ParcelLine) @ArrayMinSize(1) lines!: ParcelLine[];
}
