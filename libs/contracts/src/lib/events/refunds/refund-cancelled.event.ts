import { IsIn } from 'class-validator';
import { Topics } from '../../topics';
import { IsMinorAmount, IsText } from '../field-decorators';
import { REFUND_PHASES, RefundPhase } from '../vocabulary';
import { RefundPayload } from './refund-payload';

/**
 * A refund will pay nothing more: its return ended (cancelled, expired, pickup abandoned) before it was
 * paid, or inspection settled the return without it. What it had paid, if anything, stays paid (and is
 * taken back by a claw-back when the return ended).
 */
export class RefundCancelled extends RefundPayload {
  static readonly eventType = 'RefundCancelled';
  static readonly topic = Topics.refundsRefund;
  @IsIn(REFUND_PHASES) phase!: RefundPhase;
  /** What the refund was for. */
  @IsMinorAmount() amountMinor!: number;
  /** What it had paid before it was cancelled. */
  @IsMinorAmount() paidMinor!: number;
  @IsText() reason!: string;
}
