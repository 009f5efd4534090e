import { Topics } from '../../topics';
import { IsId, IsMinorAmount, IsText } from '../field-decorators';
import { RefundPayload } from './refund-payload';

/** Ops sent an exchange's declined (or stuck) shortfall back to be charged again (`refundId` is the collection). */
export class ExchangeDifferenceRetried extends RefundPayload {
  static readonly eventType = 'ExchangeDifferenceRetried';
  static readonly topic = Topics.refundsRefund;
  @IsMinorAmount(1) amountMinor!: number;
  @IsId() operatorId!: string;
  @IsText() reason!: string;
}
