import { Type } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsMinorAmount } from '../field-decorators';
import { CLAWBACK_REASONS, ClawbackReason, REFUND_METHODS, RefundMethod } from '../vocabulary';
import { RefundPayload } from './refund-payload';
import { RefundedCharge } from './refunded-charge';

/**
 * Money taken back from the customer (`refundId` is the claw-back): debited from their store credit,
 * or charged to the original payment method. `outstandingMinor` is what could not be taken (store
 * credit the customer had already spent).
 */
export class ClawbackCollected extends RefundPayload {
  static readonly eventType = 'ClawbackCollected';
  static readonly topic = Topics.refundsRefund;
  /** The refund the money is taken back from: an instant refund, or an exchange (its credit, or its surplus refund). */
  @IsUUID() reversedRefundId!: string;
  @IsIn(CLAWBACK_REASONS) reason!: ClawbackReason;
  @IsIn(REFUND_METHODS) method!: RefundMethod;
  @IsMinorAmount() collectedMinor!: number;
  @IsMinorAmount() outstandingMinor!: number;
  /** Each charge on the original payment method, with the provider's id of that charge. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => RefundedCharge) charges?: RefundedCharge[];
}
