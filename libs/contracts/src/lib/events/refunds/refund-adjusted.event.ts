import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Topics } from '../../topics';
import { IsMinorAmount } from '../field-decorators';
import { CLAWBACK_KINDS, ClawbackKind } from '../vocabulary';
import { RefundPayload } from './refund-payload';

/** An instant refund reconciled against what inspection found. */
export class RefundAdjusted extends RefundPayload {
  static readonly eventType = 'RefundAdjusted';
  static readonly topic = Topics.refundsRefund;
  /** How much is clawed back; 0 when the instant refund matched and nothing is adjusted. */
  @IsMinorAmount() adjustmentMinor!: number;
  /** How the adjustment is recovered; `none` when there is nothing to recover. */
  @IsIn(CLAWBACK_KINDS) kind!: ClawbackKind;
  /** What inspection says was refundable. */
  @IsMinorAmount() refundableMinor!: number;
  /** The claw-back that collects `adjustmentMinor` (ClawbackCollected or ClawbackFailed follows); absent when there is nothing to recover. */
  @IsOptional() @IsUUID() clawbackId?: string;
}
