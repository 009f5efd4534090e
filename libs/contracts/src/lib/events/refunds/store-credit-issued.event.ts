import { IsIn } from 'class-validator';
import { Topics } from '../../topics';
import { IsMinorAmount } from '../field-decorators';
import { REFUND_PHASES, RefundPhase } from '../vocabulary';
import { RefundPayload } from './refund-payload';

export class StoreCreditIssued extends RefundPayload {
  static readonly eventType = 'StoreCreditIssued';
  static readonly topic = Topics.refundsRefund;
  /** Credit for the refunded value, bonus excluded. */
  @IsMinorAmount() amountMinor!: number;
  /** Extra credit from the approval's store-credit bonus, on top of `amountMinor`. */
  @IsMinorAmount() bonusMinor!: number;
  @IsIn(REFUND_PHASES) phase!: RefundPhase;
}
