import { IsIn } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsMinorAmount, IsText } from '../field-decorators';
import { REFUND_PHASES, RefundPhase } from '../vocabulary';
import { RefundPayload } from './refund-payload';

/** Ops sent a failed refund, or one that needs attention, back to the original payment method. */
export class RefundRetried extends RefundPayload {
  static readonly eventType = 'RefundRetried';
  static readonly topic = Topics.refundsRefund;
  @IsIn(REFUND_PHASES) phase!: RefundPhase;
  @IsMinorAmount() amountMinor!: number;
  /** Who decided it. */
  @IsId() operatorId!: string;
  @IsText() reason!: string;
}
