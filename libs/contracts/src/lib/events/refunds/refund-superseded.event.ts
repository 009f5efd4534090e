import { IsIn, IsUUID } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsMinorAmount, IsText } from '../field-decorators';
import { REFUND_PHASES, RefundPhase } from '../vocabulary';
import { RefundPayload } from './refund-payload';

/**
 * Ops gave up on paying a refund to the original payment method and paid what it had not paid as
 * store credit instead (StoreCreditIssued of `replacementRefundId` follows in the same transaction).
 */
export class RefundSuperseded extends RefundPayload {
  static readonly eventType = 'RefundSuperseded';
  static readonly topic = Topics.refundsRefund;
  @IsIn(REFUND_PHASES) phase!: RefundPhase;
  /** What the superseded refund had not paid, and the replacement pays. */
  @IsMinorAmount() amountMinor!: number;
  /** What the superseded refund had paid to the original payment method before (charges that succeeded). */
  @IsMinorAmount() paidMinor!: number;
  @IsUUID() replacementRefundId!: string;
  @IsId() operatorId!: string;
  @IsText() reason!: string;
}
