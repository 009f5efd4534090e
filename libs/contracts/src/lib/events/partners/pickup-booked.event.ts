import { Type } from 'class-transformer';
import { ArrayMinSize, IsDefined, IsIn, IsOptional, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import { PartnerTopics } from '../../topics';
import { EventPayload } from '../../event-payload';
import { IsCount, IsId, IsTimestamp } from '../field-decorators';
import { ParcelLine } from '../pickups/parcel-line';
import { Address } from '../returns/address';
import { TimeWindow } from '../time-window';
import { RETURN_METHODS, ReturnMethod, isPickupMethod } from '../vocabulary';

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
  @ValidateIf((booked: PickupBooked) => isPickupMethod(booked.method))
  @IsDefined()
  @ValidateNested()
  @Type(() => TimeWindow)
  slot?: TimeWindow;
  @ValidateIf((booked: PickupBooked) => isPickupMethod(booked.method))
  @IsDefined()
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
