import { Topics } from '../../topics';
import { IsCount, IsMinorAmount, IsText } from '../field-decorators';
import { RefundPayload } from './refund-payload';

/**
 * The provider declined charging an exchange's shortfall (`refundId` is the collection); ops retry it.
 * Until it is collected the replacements are not released to ship, and the return stays open.
 */
export class ExchangeDifferenceFailed extends RefundPayload {
  static readonly eventType = 'ExchangeDifferenceFailed';
  static readonly topic = Topics.refundsRefund;
  @IsMinorAmount(1) amountMinor!: number;
  @IsText() detail!: string;
  @IsCount(1) attempts!: number;
}
