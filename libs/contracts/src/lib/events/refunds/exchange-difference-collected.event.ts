import { Type } from 'class-transformer';
import { IsArray, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsMinorAmount } from '../field-decorators';
import { RefundPayload } from './refund-payload';
import { RefundedCharge } from './refunded-charge';

/**
 * The shortfall of an exchange — its replacements cost more than the returned items were worth — was
 * charged to the customer's original payment method (`refundId` is the collection).
 */
export class ExchangeDifferenceCollected extends RefundPayload {
  static readonly eventType = 'ExchangeDifferenceCollected';
  static readonly topic = Topics.refundsRefund;
  @IsMinorAmount(1) amountMinor!: number;
  /** Each charge the provider applied, with the provider's id of that charge. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => RefundedCharge) charges!: RefundedCharge[];
}
