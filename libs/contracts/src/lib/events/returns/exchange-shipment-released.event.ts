import { Type } from 'class-transformer';
import { ArrayMinSize, IsBoolean, Matches, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsQuantity, IsTimestamp } from '../field-decorators';
import { CURRENCY_PATTERN } from '../vocabulary';
import { ReturnPayload } from './return-payload';

/** A replacement released to ship, from the warehouse that holds it for the exchange order. */
export class ReleasedReplacement {
  /** The returned order line the replacement is for. */
  @IsId() lineId!: string;
  @IsId() sku!: string;
  @IsId() productId!: string;
  @IsQuantity() quantity!: number;
  /** Where inventory allocated the units to the exchange order. */
  @IsId() warehouseId!: string;
}

/**
 * The commerce platform ships a return's replacements on this event, and on no other: the exchange
 * order was requested (ExchangeOrderRequested) and its money is settled — nothing to pay, or the
 * customer's shortfall collected (ExchangeDifferenceCollected). A card that declines the shortfall
 * holds the replacements back until ops retry the collection and it is paid. Announced once per return,
 * never after the return ended.
 */
export class ExchangeShipmentReleased extends ReturnPayload {
  static readonly eventType = 'ExchangeShipmentReleased';
  static readonly topic = Topics.returnsReturn;
  @IsId() customerId!: string;
  /** Shipped before the returned parcel arrived. */
  @IsBoolean() instant!: boolean;
  @Matches(CURRENCY_PATTERN) currency!: string;
  @ValidateNested({ each: true }) @Type(() => ReleasedReplacement) @ArrayMinSize(1) lines!: ReleasedReplacement[];
  @IsTimestamp() releasedAt!: string;
}
