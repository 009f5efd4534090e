import { EventClass } from '../../event-payload';
import { RefundAdjusted } from './refund-adjusted.event';
import { RefundFailed } from './refund-failed.event';
import { RefundIssued } from './refund-issued.event';
import { RefundRetried } from './refund-retried.event';
import { RefundSuperseded } from './refund-superseded.event';
import { StoreCreditIssued } from './store-credit-issued.event';

/** Every event on `refunds.refund.v1`. */
export const RefundEvents = [
  RefundIssued,
  StoreCreditIssued,
  RefundFailed,
  RefundAdjusted,
  RefundRetried,
  RefundSuperseded,
] as const satisfies readonly EventClass[];
