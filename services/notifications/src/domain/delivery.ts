/**
 * One public event on its way to one subscription, and what happens after each attempt: delivered on
 * a 2xx; otherwise tried again after an exponentially growing, jittered delay, for as long as the
 * retry period lasts (counted from when the delivery was made, or redelivered); a delivery still
 * failing after that is given up, and its subscription disabled, since a receiver that has refused
 * everything for that long is gone or broken and its backlog would only grow.
 */
import { backoffDelay, type BackoffPolicy } from '@rebound/kernel';
import type { Actor } from '@rebound/contracts';
import type { PublicEvent } from './public-events';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  readonly deliveryId: string;
  /** The order deliveries were made in: per subscription and return, they go out in this order. */
  readonly sequence: number;
  readonly subscriptionId: string;
  readonly returnId: string;
  readonly event: PublicEvent;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  /** Where the retry period starts: when the delivery was made, or last redelivered. */
  readonly retryFrom: Date;
  readonly lastAttemptAt?: Date;
  /** The receiver's HTTP status of the last attempt, if it answered. */
  readonly lastStatusCode?: number;
  /** What went wrong on the last attempt, if it did. */
  readonly lastError?: string;
  readonly deliveredAt?: Date;
  readonly createdAt: Date;
  readonly redeliveredAt?: Date;
  readonly redeliveredBy?: Actor;
}

export interface RetrySettings extends BackoffPolicy {
  /** How long a delivery is retried before it is given up and its subscription disabled. */
  readonly retryPeriodMs: number;
}

/** What an attempt came to, as the sender saw it. */
export type AttemptResult =
  | { readonly outcome: 'delivered'; readonly statusCode: number }
  | { readonly outcome: 'refused'; readonly statusCode: number; readonly error: string }
  | { readonly outcome: 'unreachable'; readonly error: string };

/** After a failed attempt: when to try again, or that the delivery is given up. */
export type AfterFailure = { readonly next: 'retry'; readonly at: Date } | { readonly next: 'give-up' };

/**
 * `attempts`: how many were made, the failed one included. The last retry is never scheduled past the
 * end of the period, so a receiver that comes back within it always gets one more try.
 */
export function afterFailure(
  delivery: Pick<Delivery, 'retryFrom'>,
  attempts: number,
  now: Date,
  settings: RetrySettings,
): AfterFailure {
  const deadline = delivery.retryFrom.getTime() + settings.retryPeriodMs;
  if (now.getTime() >= deadline) return { next: 'give-up' };
  const at = Math.min(now.getTime() + backoffDelay(settings, attempts), deadline);
  return { next: 'retry', at: new Date(at) };
}
