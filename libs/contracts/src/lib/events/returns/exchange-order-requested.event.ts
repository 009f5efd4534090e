import { Type } from 'class-transformer';
import { ArrayMinSize, IsBoolean, Matches, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsMinorAmount, IsQuantity, IsTimestamp } from '../field-decorators';
import { CURRENCY_PATTERN } from '../vocabulary';
import { ReturnPayload } from './return-payload';

/** A replacement to ship, from the warehouse that holds it. */
export class ExchangeOrderLine {
  /** The returned order line the replacement is for. */
  @IsId() lineId!: string;
  @IsId() sku!: string;
  @IsId() productId!: string;
  @IsQuantity() quantity!: number;
  @IsMinorAmount() unitPriceMinor!: number;
  /** Where inventory holds the reserved units. */
  @IsId() warehouseId!: string;
}

/**
 * The exchange order for a return's exchanged lines is requested: at once for an instant exchange, once
 * inspection accepted the returned items otherwise. Every line's replacement is reserved; inventory
 * hands the reserved units to this order, and refunds settles its money (ExchangeSettled: a surplus
 * paid back, a shortfall collected). The commerce platform does not ship on it: it ships on
 * ExchangeShipmentReleased, which follows once the money is settled.
 */
export class ExchangeOrderRequested extends ReturnPayload {
  static readonly eventType = 'ExchangeOrderRequested';
  static readonly topic = Topics.returnsReturn;
  @IsId() customerId!: string;
  /** Shipped before the returned parcel arrived. */
  @IsBoolean() instant!: boolean;
  @Matches(CURRENCY_PATTERN) currency!: string;
  @ValidateNested({ each: true }) @Type(() => ExchangeOrderLine) @ArrayMinSize(1) lines!: ExchangeOrderLine[];
  @IsTimestamp() requestedAt!: string;
}
