import { IsIn } from 'class-validator';
import { Topics } from '../../topics';
import { IsCount, IsMinorAmount, IsText } from '../field-decorators';
import { REFUND_PHASES, RefundPhase } from '../vocabulary';
import { RefundPayload } from './refund-payload';

export class RefundFailed extends RefundPayload {
  static readonly eventType = 'RefundFailed';
  static readonly topic = Topics.refundsRefund;
  @IsIn(REFUND_PHASES) phase!: RefundPhase;
  @IsMinorAmount() amountMinor!: number;
  @IsText() reason!: string;
  /** Payment attempts made before giving up. */
  @IsCount(1) attempts!: number;
}
