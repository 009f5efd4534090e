import { IsIn, IsUUID } from 'class-validator';
import { Topics } from '../../topics';
import { IsCount, IsMinorAmount, IsText } from '../field-decorators';
import { CLAWBACK_REASONS, ClawbackReason } from '../vocabulary';
import { RefundPayload } from './refund-payload';

/** The provider declined charging the customer back (`refundId` is the claw-back); ops retry it or write it off. */
export class ClawbackFailed extends RefundPayload {
  static readonly eventType = 'ClawbackFailed';
  static readonly topic = Topics.refundsRefund;
  @IsUUID() reversedRefundId!: string;
  @IsIn(CLAWBACK_REASONS) reason!: ClawbackReason;
  @IsMinorAmount() amountMinor!: number;
  @IsText() detail!: string;
  @IsCount(1) attempts!: number;
}
