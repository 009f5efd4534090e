/** What the use cases need from the outside: storage, the outbox, the payment provider, a clock. */
import type { EventClass, EventPayload } from '@rebound/contracts';
import type { ApprovedTerms, LineRefund } from './refund-amount';
import type { PaymentAttempt, ProviderAnswer, Refund, RefundPayment } from './refund';

export interface RefundAdjustment {
  readonly returnId: string;
  readonly refundId: string;
  readonly adjustmentMinor: number;
  readonly kind: 'none' | 'store_credit_debit' | 'charge_request';
  readonly refundableMinor: number;
  readonly at: Date;
}

export interface StoreCreditEntry {
  readonly customerId: string;
  readonly refundId: string;
  readonly currency: string;
  /** Positive when credit is issued, negative when clawed back. */
  readonly amountMinor: number;
  readonly at: Date;
}

/** An ops decision about a refund, kept for audit. */
export interface RefundAction {
  readonly refundId: string;
  readonly action: 'retry' | 'fall_back_to_store_credit';
  /** Who acted: the subject of their verified token. */
  readonly operatorId: string;
  /** The client their token was issued to; null for actions recorded before tokens were checked. */
  readonly operatorClientId: string | null;
  readonly reason: string;
  /** The store-credit refund that replaced it (fall-back only). */
  readonly replacementRefundId: string | null;
  readonly at: Date;
}

export interface RefundsStore {
  /**
   * Holds the order's money until commit: what its refunds take from each line and charge is read and
   * written by one transaction at a time, across every return of the order.
   */
  lockOrderMoney(orderId: string): Promise<void>;
  /** False when the return's approval was kept before. */
  keepApproval(terms: ApprovedTerms): Promise<boolean>;
  approvalOf(returnId: string): Promise<ApprovedTerms | undefined>;
  /** False when the return already has a refund of that phase (superseded ones aside): each is made once. */
  insertRefund(refund: Refund): Promise<boolean>;
  /** The return's refund of that phase that is not superseded. */
  refundOf(returnId: string, phase: Refund['phase']): Promise<Refund | undefined>;
  insertPayments(payments: readonly RefundPayment[]): Promise<void>;
  /** A refund's parts, by `n`. */
  paymentsOf(refundId: string): Promise<RefundPayment[]>;
  updatePayment(payment: RefundPayment): Promise<void>;
  /**
   * What the order's refunds took from each charge per line — paid or still to pay — keyed by
   * `chargeLineKey(chargeId, lineId)`.
   */
  takenFromCharges(orderId: string): Promise<Map<string, number>>;
  recordAction(action: RefundAction): Promise<void>;
  lockRefund(refundId: string): Promise<Refund | undefined>;
  updateRefund(refund: Refund): Promise<void>;
  /** Records what the return's inspection made refundable; false when it was settled before. */
  settle(returnId: string, inspectionId: string, refundableMinor: number, at: Date): Promise<boolean>;
  /** What earlier returns of the order refunded per line, this return excluded. */
  refundedPerLine(orderId: string, exceptReturnId: string): Promise<Map<string, number>>;
  recordLines(returnId: string, orderId: string, lines: readonly LineRefund[]): Promise<void>;
  recordAdjustment(adjustment: RefundAdjustment): Promise<void>;
  recordStoreCredit(entry: StoreCreditEntry): Promise<void>;
  recordAttempt(attempt: PaymentAttempt): Promise<void>;
  /**
   * Takes the next refund due for payment — pending and due, or processing with its lease run out (its
   * process died mid-call) — and marks it processing until `leaseUntil`. Replicas never take the same one.
   */
  claimDuePayment(now: Date, leaseUntil: Date): Promise<Refund | undefined>;
}

export interface EventSink {
  /** Records the event to be published when (and only if) the transaction commits; subject and key are the return id. */
  publish<T extends EventPayload>(eventClass: EventClass<T>, data: T, returnId: string): Promise<void>;
}

export interface RefundsTransaction {
  readonly store: RefundsStore;
  readonly events: EventSink;
}

export interface TransactionRunner {
  run<T>(work: (tx: RefundsTransaction) => Promise<T>): Promise<T>;
}

export interface PaymentRequest {
  /** `<refundId>.<n>`: a repeated call is recognised and never pays twice. */
  readonly idempotencyKey: string;
  /** The charge the provider refunds against (or, for a claw-back, charges again). */
  readonly paymentReference: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string;
}

/**
 * The payment provider, which moves the money. Every call is made under an idempotency key, so that a
 * call repeated after an `unknown` answer is applied at most once; `lookup`/`lookupCharge` tell what
 * was done under a key before anything is paid again.
 */
export interface PaymentProvider {
  /** Refunds to the payment method behind `paymentReference`, under the request's key. */
  refund(request: PaymentRequest): Promise<ProviderAnswer>;
  /** What the provider did under a refund's idempotency key. */
  lookup(idempotencyKey: string): Promise<ProviderAnswer>;
  /** Charges the payment method behind `paymentReference` (a claw-back), under the request's key. */
  charge(request: PaymentRequest): Promise<ProviderAnswer>;
  /** What the provider did under a charge's idempotency key. */
  lookupCharge(idempotencyKey: string): Promise<ProviderAnswer>;
}

export interface Clock {
  now(): Date;
}

/** Runs the payment of one refund within the unit of work the application gives it (its trace, in logs). */
export type PaymentScope = (refund: Refund, pay: () => Promise<void>) => Promise<void>;
