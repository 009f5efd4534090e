import { IsIn, IsUUID } from 'class-validator';
import { Topics } from '../../topics';
import { IsMinorAmount } from '../field-decorators';
import { REFUND_METHODS, RefundMethod } from '../vocabulary';
import { RefundPayload } from './refund-payload';

/** Why a paid instant refund is taken back as a whole: its return ended without the item coming back. */
export const REVERSAL_REASONS = ['cancelled', 'expired', 'abandoned'] as const;
export type ReversalReason = (typeof REVERSAL_REASONS)[number];

/**
 * An instant refund that paid is being taken back because its return ended without the item
 * (`refundId` is the instant refund). The claw-back `clawbackId` collects it — a store-credit debit at
 * once, or a charge on the original payment method — and announces ClawbackCollected or ClawbackFailed.
 */
export class RefundReversed extends RefundPayload {
  static readonly eventType = 'RefundReversed';
  static readonly topic = Topics.refundsRefund;
  @IsIn(REVERSAL_REASONS) reason!: ReversalReason;
  @IsIn(REFUND_METHODS) method!: RefundMethod;
  /** What is taken back: what the instant refund paid (with its bonus, for store credit). */
  @IsMinorAmount(1) amountMinor!: number;
  @IsUUID() clawbackId!: string;
}
