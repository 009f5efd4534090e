/**
 * What the use cases need from the outside — stores by aggregate, the outbox, the payment provider, a
 * clock — and the reads the API serves.
 */
import type { RefundState, ReversalReason } from '@rebound/contracts';
import type { Transaction, TransactionRunner as KernelTransactionRunner } from '@rebound/kernel';
import type { LineShare } from './charge-allocation';
import type { Capture, LedgerEntry } from './money-ledger';
import type { ApprovedTerms, LineRefund, Resolution } from './refund-amount';
import type { SettledExchangeLine } from './exchange';
import type { Phase } from './refund';
import type { PaymentAttempt, ProviderAnswer, Refund, RefundPayment } from './refund';
import type { OrderMoney } from './reconciliation';
import type { StoreCreditBalance, StoreCreditChange, StoreCreditEntry } from './store-credit';

export interface RefundAdjustment {
  readonly returnId: string;
  readonly refundId: string;
  readonly adjustmentMinor: number;
  readonly kind: 'none' | 'store_credit_debit' | 'charge_request';
  readonly refundableMinor: number;
  readonly at: Date;
}

/**
 * What an inspection made refundable, per line, kept until it is applied: at once, or — when the
 * return's instant refund was still being paid — once that payment's outcome is known.
 */
export interface Settlement {
  readonly returnId: string;
  readonly inspectionId: string;
  readonly refundableMinor: number;
  readonly lines: readonly LineShare[];
  readonly at: Date;
}

/** A settlement as it is recorded: its lines are the inspection's breakdown, kept beside it. */
export type SettlementRecord = Omit<Settlement, 'lines'> & { readonly orderId: string };

/** A checkout's spending of store credit, under the idempotency key of the client that asked. */
export interface StoreCreditRedemption {
  readonly redemptionId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly orderId: string | null;
  readonly idempotencyKey: string;
  readonly clientId: string;
  /** Digest of the request: the key is bound to it. */
  readonly requestHash: string;
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

/** The order's money: what its payments captured per charge and line, and the ledger of what its refunds take. */
export interface MoneyLedgerStore {
  /**
   * Holds the order's money until commit: what its refunds take from each line and charge is read and
   * written by one transaction at a time, across every return of the order.
   */
  lockOrderMoney(orderId: string): Promise<void>;
  /** Keeps what the order's payments captured per charge and line; a capture known before stays as it was. */
  recordCaptures(orderId: string, captures: readonly Capture[]): Promise<void>;
  /**
   * The charges a refund of the order can be paid back to, per line: what its payments captured, then
   * what claw-backs charged the customer again (under the provider's id of that charge).
   */
  refundableCharges(orderId: string): Promise<Capture[]>;
  /** What the order's payments captured per line, over every charge; empty when none is known. */
  capturedPerLine(orderId: string): Promise<Map<string, number>>;
  /** The order's refunded total per line, from its ledger; without one return's own entries when named. */
  ledgerPerLine(orderId: string, exceptReturnId?: string): Promise<Map<string, number>>;
  /** What one refund's entries come to per line. */
  ledgerOfRefund(refundId: string): Promise<Map<string, number>>;
  appendLedger(entries: readonly LedgerEntry[]): Promise<void>;
  /**
   * What the order's refunds took from each charge per line — paid or still to pay — keyed by
   * `chargeLineKey(chargeId, lineId)`.
   */
  takenFromCharges(orderId: string): Promise<Map<string, number>>;
}

/** The replacements the commerce platform was asked to ship for a return, as refunds keeps the request. */
export interface ExchangeOrder {
  readonly returnId: string;
  readonly lines: readonly {
    readonly lineId: string;
    readonly quantity: number;
    readonly unitPriceMinor: number;
  }[];
  readonly requestedAt: Date;
}

/** What each return's approval decided, and what its inspection settled. */
export interface ApprovalsStore {
  /** False when the return's approval was kept before. */
  keepApproval(terms: ApprovedTerms): Promise<boolean>;
  approvalOf(returnId: string): Promise<ApprovedTerms | undefined>;
  /**
   * Records what the return's inspection made refundable and each line's breakdown, not yet applied;
   * false when it was settled before.
   */
  settle(settlement: SettlementRecord, lines: readonly LineRefund[]): Promise<boolean>;
  /** The return's settlement that waits to be applied; its lines in no particular order. */
  pendingSettlement(returnId: string): Promise<Settlement | undefined>;
  markSettlementApplied(returnId: string, at: Date): Promise<void>;
  recordAdjustment(adjustment: RefundAdjustment): Promise<void>;
  /** The line now resolves as `resolution` (LineResolutionChanged): the kept terms change. */
  changeResolution(returnId: string, lineId: string, resolution: Resolution): Promise<void>;
  /** Keeps the return's exchange order; false when it was kept before. */
  keepExchangeOrder(order: ExchangeOrder): Promise<boolean>;
  exchangeOrderOf(returnId: string): Promise<ExchangeOrder | undefined>;
  /** Keeps how each exchanged line was settled. */
  recordExchangeLines(
    returnId: string,
    orderId: string,
    lines: readonly SettledExchangeLine[],
    at: Date,
  ): Promise<void>;
  /** How the return's exchanged lines were settled; empty before. */
  exchangeLinesOf(returnId: string): Promise<SettledExchangeLine[]>;
  /** Remembers that the return ended without its items (cancelled, expired, pickup abandoned): once. */
  markEnded(returnId: string, reason: ReversalReason): Promise<void>;
  /** Why the return ended without its items; undefined while it has not. */
  endedReason(returnId: string): Promise<ReversalReason | undefined>;
}

/** Refunds, their parts (one per charge), the provider calls made for them and ops' actions on them. */
export interface RefundsStore {
  /**
   * False when the return already has a refund of that phase (superseded ones aside): each is made
   * once. A claw-back is made once per refund it reverses.
   */
  insertRefund(refund: Refund): Promise<boolean>;
  /**
   * The return's instant refund, locked: the refund made on approval and, when ops fell it back to
   * store credit, the store-credit refund that replaced it — oldest first.
   */
  lockInstantRefunds(returnId: string): Promise<Refund[]>;
  /** The return's refunds of a phase, locked, oldest first (a superseded one included). */
  lockRefundsOf(returnId: string, phase: Phase): Promise<Refund[]>;
  insertPayments(payments: readonly RefundPayment[]): Promise<void>;
  /** A refund's parts, by `n`. */
  paymentsOf(refundId: string): Promise<RefundPayment[]>;
  updatePayment(payment: RefundPayment): Promise<void>;
  recordAction(action: RefundAction): Promise<void>;
  refund(refundId: string): Promise<Refund | undefined>;
  lockRefund(refundId: string): Promise<Refund | undefined>;
  updateRefund(refund: Refund): Promise<void>;
  recordAttempt(attempt: PaymentAttempt): Promise<void>;
  /**
   * Takes the next refund due for payment — pending and due, or processing with its lease run out (its
   * process died mid-call) — and marks it processing until `leaseUntil` under a new lease token. Replicas
   * never take the same one.
   */
  claimDuePayment(now: Date, leaseUntil: Date): Promise<Refund | undefined>;
}

/** Customers' store-credit accounts, their ledger and the checkouts' redemptions. */
export interface StoreCreditStore {
  /**
   * Holds the customer's store-credit account in the currency until commit — opening it at zero the
   * first time — and returns its balance: changes of one account happen one at a time.
   */
  lockStoreCredit(customerId: string, currency: string, at: Date): Promise<number>;
  /** Appends a change of a locked account to its ledger and sets the account to the balance after it. */
  appendStoreCredit(change: StoreCreditChange, balanceAfterMinor: number): Promise<StoreCreditEntry>;
  /**
   * Keeps a redemption under its client's idempotency key, or — when the key was used before — leaves
   * it and returns the one kept (whose request hash may differ).
   */
  claimRedemption(redemption: StoreCreditRedemption): Promise<StoreCreditRedemption | undefined>;
  /** The ledger entry a redemption made. */
  redemptionEntry(redemptionId: string): Promise<StoreCreditEntry | undefined>;
}

export interface RefundsTransaction extends Transaction {
  readonly ledger: MoneyLedgerStore;
  readonly approvals: ApprovalsStore;
  readonly refunds: RefundsStore;
  readonly storeCredit: StoreCreditStore;
}

/** Where a page of an order's refunds ends: the sort key of its last refund. */
export interface OrderRefundPosition {
  readonly createdAt: Date;
  readonly phase: string;
  readonly refundId: string;
}

export interface StoredAttempt extends PaymentAttempt {
  readonly attemptId: string;
}

/** What the API shows of refunds, read outside any use case's transaction. */
export interface RefundsReads {
  refund(refundId: string): Promise<Refund | undefined>;
  /** A return's refunds, oldest first. */
  refundsOfReturn(returnId: string): Promise<Refund[]>;
  /**
   * A page of an order's refunds (by creation, final before claw-back), after the cursor's position;
   * refund_id breaks ties so each refund is on one page.
   */
  refundsOfOrder(orderId: string, limit: number, after?: OrderRefundPosition): Promise<Refund[]>;
  /** What the order's succeeded refunds paid, bonus excluded, less succeeded claw-backs: every page's at once. */
  refundedOfOrder(orderId: string): Promise<number>;
  /** Refunds in a state, oldest change first, after the cursor's position. */
  refundsIn(state: RefundState, limit: number, after?: { updatedAt: Date; refundId: string }): Promise<Refund[]>;
  attemptsOf(refundIds: readonly string[]): Promise<StoredAttempt[]>;
  /** The parts of several refunds, by refund and `n`. */
  paymentsOfAll(refundIds: readonly string[]): Promise<RefundPayment[]>;
  actionsOf(refundIds: readonly string[]): Promise<RefundAction[]>;
  adjustmentsOf(returnIds: readonly string[]): Promise<RefundAdjustment[]>;
  /** How a return's exchanged lines were settled, in the approval's order; empty when none was. */
  exchangeLinesOf(returnId: string): Promise<SettledExchangeLine[]>;
}

/** What a customer's store credit holds and how it got there. */
export interface StoreCreditReads {
  /** A customer's balance in each currency they ever held credit in, by currency. */
  storeCreditBalances(customerId: string): Promise<StoreCreditBalance[]>;
  /** A customer's ledger, newest first, in one currency or all, before the entry `before`. */
  storeCreditEntries(
    customerId: string,
    currency: string | undefined,
    limit: number,
    before?: string,
  ): Promise<StoreCreditEntry[]>;
}

/** The order's money as refunds recorded it, for reconciliation against the provider. */
export interface ReconciliationReads {
  /** Undefined when refunds knows nothing of the order: no approval, capture or refund. */
  moneyOf(orderId: string): Promise<OrderMoney | undefined>;
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

/** Runs the payment of one refund within the unit of work the application gives it (its trace, in logs). */
export type PaymentScope = (refund: Refund, pay: () => Promise<void>) => Promise<void>;

export type TransactionRunner = KernelTransactionRunner<RefundsTransaction>;

export type { Clock, EventSink, PublishedEvent } from '@rebound/kernel';
