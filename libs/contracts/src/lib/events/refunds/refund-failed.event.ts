import {} from 'class-validator';
import { Topics } from '../../topics';
import { IsCount, IsMinorAmount, IsText } from '../field-decorators';
import { RefundPayload } from './refund-payload';

export class RefundFailed extends RefundPayload {
  static readonly eventType = 'RefundFailed';
  static readonly topic = Topics.refundsRefund;
  @IsMinorAmount() amountMinor!: number;
  @IsText() reason!: string;
  /** Payment attempts made before giving up. */
  @IsCount(1) attempts!: number;
}
