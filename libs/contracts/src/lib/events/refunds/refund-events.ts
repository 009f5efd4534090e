import { EventClass } from '../../event-payload';
import { ClawbackCollected } from './clawback-collected.event';
import { ClawbackFailed } from './clawback-failed.event';
import { ClawbackRetried } from './clawback-retried.event';
import { ExchangeChargedBack } from './exchange-charged-back.event';
import { ExchangeDifferenceCollected } from './exchange-difference-collected.event';
import { ExchangeDifferenceFailed } from './exchange-difference-failed.event';
import { ExchangeDifferenceRetried } from './exchange-difference-retried.event';
import { ExchangeSettled } from './exchange-settled.event';
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
  ExchangeSettled,
  ExchangeDifferenceCollected,
  ExchangeDifferenceFailed,
  ExchangeDifferenceRetried,
  ExchangeChargedBack,
] as const satisfies readonly EventClass[];
