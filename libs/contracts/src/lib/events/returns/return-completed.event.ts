import { Matches } from 'class-validator';
import { Topics } from '../../topics';
import { IsMinorAmount, IsTimestamp } from '../field-decorators';
import { CURRENCY_PATTERN } from '../vocabulary';
import { ReturnPayload } from './return-payload';

export class ReturnCompleted extends ReturnPayload {
  static readonly eventType = 'ReturnCompleted';
  static readonly topic = Topics.returnsReturn;
  @Matches(CURRENCY_PATTERN) currency!: string;
  /** Net total refunded for the return, across all its refunds and adjustments. */
  @IsMinorAmount() refundedMinor!: number;
  @IsTimestamp() completedAt!: string;
}
