/**
 * A refund and its payment: pending → processing → succeeded | failed, or needs_attention once its
 * transient failures used up the attempts (ops can send it back to pending). Store credit is
 * issued by refunds itself and succeeds at once; money to the original payment method goes through
 * the payment provider, under the refund id as idempotency key.
 */
import type { RefundMethod, RefundPhase } from '@rebound/contracts';

export const REFUND_STATES = ['pending', 'processing', 'succeeded', 'failed', 'needs_attention'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

export interface Refund {
  readonly refundId: string;
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  /** `instant`: paid on approval; `final`: paid (or topped up) after inspection. */
  readonly phase: RefundPhase;
  readonly method: RefundMethod;
  readonly currency: string;
  readonly amountMinor: number;
  /** Store credit only: the policy's bonus on top of `amountMinor`. */
  readonly bonusMinor: number;
  readonly state: RefundState;
  /** Calls to the provider — payments and lookups — in the current round (ops' retry starts a new round). */
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  /** The last call's outcome is not known (it timed out, or the process died during it): ask before paying. */
  readonly outcomeUnknown: boolean;
  readonly providerReference: string | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const PAYMENT_OUTCOMES = ['succeeded', 'declined', 'transient', 'unknown', 'absent'] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];

/** One call to the payment provider: a payment, or a question about what an earlier one did. */
export interface PaymentAttempt {
  readonly refundId: string;
  readonly call: 'refund' | 'lookup';
  readonly outcome: PaymentOutcome;
  /** The provider's answer as it came (status and body), or what went wrong on the way. */
  readonly answer: unknown;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

/** What the provider said, as refunds reads it. */
export type ProviderAnswer =
  | { readonly outcome: 'succeeded'; readonly reference: string; readonly answer: unknown }
  | { readonly outcome: 'declined'; readonly reason: string; readonly answer: unknown }
  /** Nothing was refunded; the same call may succeed later. */
  | { readonly outcome: 'transient'; readonly reason: string; readonly answer: unknown }
  /** The call may or may not have been applied (timeout, dropped connection). */
  | { readonly outcome: 'unknown'; readonly reason: string; readonly answer: unknown }
  /** A lookup: nothing was ever applied under the key. */
  | { readonly outcome: 'absent'; readonly answer: unknown };
