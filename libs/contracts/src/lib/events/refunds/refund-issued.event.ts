import { Type } from 'class-transformer';
import { Equals, IsArray, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsMinorAmount } from '../field-decorators';
import { REFUND_PHASES, RefundMethod, RefundPhase } from '../vocabulary';
import { RefundPayload } from './refund-payload';
import { RefundedCharge } from './refunded-charge';

/** Money paid back to the original payment method; store credit is StoreCreditIssued. */
export class RefundIssued extends RefundPayload {
  static readonly eventType = 'RefundIssued';
  static readonly topic = Topics.refundsRefund;
  @IsMinorAmount() amountMinor!: number;
  @Equals('original_payment') method!: Extract<RefundMethod, 'original_payment'>;
  @IsIn(REFUND_PHASES) phase!: RefundPhase;
  /** The payment provider's id for the refund (the first charge's, when several were refunded); absent when there was nothing to pay. */
  @IsOptional() @IsId() providerReference?: string;
  /** Each charge refunded against, with the provider's id of that refund; absent when there was nothing to pay. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => RefundedCharge) charges?: RefundedCharge[];
}
