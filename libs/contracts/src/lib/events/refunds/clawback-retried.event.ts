import { IsUUID } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsMinorAmount, IsText } from '../field-decorators';
import { RefundPayload } from './refund-payload';

/** Ops sent a claw-back whose charge was declined (or ran out of attempts) back to be charged again (`refundId` is the claw-back). */
export class ClawbackRetried extends RefundPayload {
  static readonly eventType = 'ClawbackRetried';
  static readonly topic = Topics.refundsRefund;
  @IsUUID() reversedRefundId!: string;
  @IsMinorAmount() amountMinor!: number;
  @IsId() operatorId!: string;
  @IsText() reason!: string;
}
