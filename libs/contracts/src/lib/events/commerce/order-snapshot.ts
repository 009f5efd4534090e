import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsOptional, Matches, ValidateNested } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { IsId, IsTimestamp } from '../field-decorators';
import { CURRENCY_PATTERN, SHIPPING_REGION_PATTERN } from '../vocabulary';
import { OrderLine } from './order-line';
import { OrderPayment } from './order-payment';

/** The whole order as the commerce platform knows it, so each order event can be applied on its own. */
export abstract class OrderSnapshot extends EventPayload {
  @IsId() orderId!: string;
  @IsId() customerId!: string;
  /** The customer's loyalty tier when ordering; return policies may depend on it. */
  @IsOptional() @IsId() loyaltyTier?: string;
  @Matches(CURRENCY_PATTERN) currency!: string;
  /** Country, optionally with subdivision (`DE`, `US-CA`), the order shipped to. */
  @Matches(SHIPPING_REGION_PATTERN) shippingRegion!: string;
  @IsTimestamp() placedAt!: string;
  @ValidateNested({ each: true }) @Type(() => OrderLine) @ArrayMinSize(1) lines!: OrderLine[];
  /**
   * The charges the payment provider captured and which lines each paid. Absent from producers that
   * predate it; such an order can only be refunded as store credit.
   */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => OrderPayment) payments?: OrderPayment[];
}
