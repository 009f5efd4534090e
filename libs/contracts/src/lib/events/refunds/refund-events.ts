import { EventClass } from '../../event-payload';
import { ClawbackCollected } from './clawback-collected.event';
import { ClawbackFailed } from './clawback-failed.event';
import { ClawbackRetried } from './clawback-retried.event';
import { RefundAdjusted } from './refund-adjusted.event';
import { RefundCancelled } from './refund-cancelled.event';
import { RefundFailed } from './refund-failed.event';
import { RefundIssued } from './refund-issued.event';
import { RefundRetried } from './refund-retried.event';
import { RefundReversed } from './refund-reversed.event';
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
  RefundCancelled,
  RefundReversed,
  ClawbackCollected,
  ClawbackFailed,
  ClawbackRetried,
] as const satisfies readonly EventClass[];
