import { IsUUID, Matches } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { IsId } from '../field-decorators';
import { CURRENCY_PATTERN } from '../vocabulary';

/** What every event on `refunds.refund.v1` carries. */
export abstract class RefundPayload extends EventPayload {
  @IsUUID() refundId!: string;
  @IsUUID() returnId!: string;
  @IsId() orderId!: string;
  @Matches(CURRENCY_PATTERN) currency!: string;
}
