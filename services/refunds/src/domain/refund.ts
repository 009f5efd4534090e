/**
 * A refund and its payment: pending → processing → succeeded | failed, or needs_attention once its
 * transient failures used up the attempts. Ops send a failed refund, or one that needs attention, back
 * to pending (retry) or replace it by store credit (superseded). A refund that will pay nothing more
 * because its return ended, or inspection settled the return without it, is cancelled. Store credit is
 * issued by refunds itself and succeeds at once; money to the original payment method goes through the
 * payment provider, one call per charge that paid the returned lines (a RefundPayment each), under the
 * key `<refundId>.<n>`.
 *
 * A claw-back is the same record running the other way: money an instant refund paid, taken back from
 * the customer — debited from their store credit at once, or charged to the original payment method
 * through the provider's charge API, part by part, under the same keys.
 */
import { randomUUID } from 'node:crypto';
import type { ClawbackReason, RefundMethod, RefundPhase, RefundState } from '@rebound/contracts';

export interface Refund {
  readonly refundId: string;
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  /** `instant`: paid on approval; `final`: paid (or topped up) after inspection; `clawback`: taken back. */
  readonly phase: Phase;
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
  /** Raised each time a payment worker claims it: only the holder of the current lease may record an answer. */
  readonly leaseToken: number;
  /** A claw-back: the instant refund it takes money back from. */
  readonly reverses: string | null;
  /**
   * An instant refund: why it is (to be) taken back — set when its return ends or inspection settles it
   * for less, even while its payment is still in flight. A claw-back: why it takes money back.
   */
  readonly reversalReason: ClawbackReason | null;
  /** The W3C traceparent of the work that created it, remembered when it is stored: it is paid on that trace. */
  readonly traceparent?: string;
}

/** What a new refund is: whose, which way and how much it moves, and where its payment starts. */
export type NewRefund = Pick<
  Refund,
  'returnId' | 'orderId' | 'customerId' | 'phase' | 'method' | 'currency' | 'amountMinor' | 'state' | 'nextAttemptAt'
> &
  Partial<Pick<Refund, 'bonusMinor' | 'lastError' | 'reverses' | 'reversalReason'>>;

/**
 * A refund made now, under a new id: no call to the provider made yet, no outcome in doubt, no
 * reference, no lease — and, unless said, no bonus, no error, reversing nothing.
 */
export function newRefund(fields: NewRefund, now: Date): Refund {
  return {
    refundId: randomUUID(),
    bonusMinor: 0,
    lastError: null,
    reverses: null,
    reversalReason: null,
    ...fields,
    attempts: 0,
    outcomeUnknown: false,
    providerReference: null,
    createdAt: now,
    updatedAt: now,
    leaseToken: 0,
  };
}

/**
 * What a refund is for, and which way it moves money. To the customer: `instant` (on approval), `final`
 * (inspection's settlement), `returnless` (lines the customer keeps, refunded on approval) and `surplus`
 * (an exchange's credit beyond its replacements' cost). Back from the customer: `clawback` (money a
 * refund or an exchange gave, taken back) and `collection` (an exchange's replacements costing more than
 * its credit). `exchange` moves no money: it is the credit the returned items gave towards their
 * replacements, booked on the lines' ledger and charged back if an instant exchange's items never come.
 */
export const PHASES = ['instant', 'final', 'clawback', 'returnless', 'exchange', 'surplus', 'collection'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * The phase refunds' events announce a payment to the customer under: `final` only for inspection's
 * settlement (it completes the return), `instant` for every payment made before or beside it — an
 * instant refund, a returnless line's refund, an exchange's surplus.
 */
export function announcedPhase(phase: Phase): RefundPhase {
  return phase === 'final' ? 'final' : 'instant';
}

/** Paid by charging the customer through the provider's charge API rather than refunding them. */
export function chargesCustomer(refund: Pick<Refund, 'phase'>): boolean {
  return refund.phase === 'clawback' || refund.phase === 'collection';
}

/** The part of a refund paid back to one charge; `n` numbers the refund's parts, retries included. */
export interface RefundPayment {
  readonly refundId: string;
  readonly n: number;
  readonly chargeId: string;
  readonly amountMinor: number;
  /** Which returned lines this part refunds, and how much of each. */
  readonly lines: readonly { readonly lineId: string; readonly amountMinor: number }[];
  /**
   * `failed`: declined (a retry pays it again as a new part); `retried`: declined and paid again as a
   * new part by ops' retry; `superseded`: replaced by store credit; `cancelled`: never to be paid,
   * because its refund was cancelled.
   */
  readonly state: 'pending' | 'succeeded' | 'failed' | 'retried' | 'superseded' | 'cancelled';
  readonly providerReference: string | null;
}

/** The provider's idempotency key of a part: a retry after a decline is a new part, so a new key. */
export function paymentKey(payment: Pick<RefundPayment, 'refundId' | 'n'>): string {
  return `${payment.refundId}.${payment.n}`;
}

export const PAYMENT_OUTCOMES = ['succeeded', 'declined', 'transient', 'unknown', 'absent'] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];

/** One call to the payment provider: a payment, or a question about what an earlier one did. */
export interface PaymentAttempt {
  readonly refundId: string;
  /** The part the call was about. */
  readonly n: number;
  /** `charge` is a claw-back's payment; a lookup asks about either kind. */
  readonly call: 'refund' | 'charge' | 'lookup';
  readonly outcome: PaymentOutcome;
  /** The provider's answer as it came (status and body), or what went wrong on the way. */
  readonly answer: unknown;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

/** What the provider said about a refund or a charge, as refunds reads it. */
export type ProviderAnswer =
  /** Applied; `reference` is the provider's id of the refund (or charge). */
  | { readonly outcome: 'succeeded'; readonly reference: string; readonly answer: unknown }
  /** The provider declined for good (422, 402), or refused our request as wrong (another 4xx). */
  | { readonly outcome: 'declined'; readonly reason: string; readonly answer: unknown }
  /** Certainly nothing moved (connection refused before sending, 429); the same call may succeed later. */
  | { readonly outcome: 'transient'; readonly reason: string; readonly answer: unknown }
  /**
   * The call may or may not have been applied (timeout, dropped connection, 5xx, 409 while the key is in
   * flight): look the key up before deciding.
   */
  | { readonly outcome: 'unknown'; readonly reason: string; readonly answer: unknown }
  /** A lookup: nothing was ever applied under the key. */
  | { readonly outcome: 'absent'; readonly answer: unknown };
