/**
 * What the use cases need from the outside world, without knowing it is Postgres and an outbox: one
 * transaction's view of the store, and the events that commit with it.
 */
import type { Transaction, TransactionRunner as KernelTransactionRunner } from '@rebound/kernel';
import type { PartnerCoverage } from '@rebound/contracts';
import type { Order } from './order';
import type { ReturnPolicyDocument } from './policy/policy-document';
import type { ReturnPolicy } from './policy/return-policy';
import type { Decision, RefundFact, ReturnRequest, TimelineEntry } from './return-request';
import type { ReturnStatus } from './return-status';
import type { StuckThresholds, WaitingStatus } from './stuck-returns';

export interface ReturnListFilter {
  readonly orderId?: string;
  readonly customerId?: string;
  readonly status?: ReturnStatus;
}

/** Position of the last item of a page: lists are newest first. */
export interface ReturnListPosition {
  readonly createdAt: Date;
  readonly returnId: string;
}

/** Position of the last item of a page of stuck returns: longest without progress first. */
export interface StuckListPosition {
  readonly progressedAt: Date;
  readonly returnId: string;
}

/** A return that has rested in its status longer than the status allows. */
export interface StuckReturn {
  readonly request: ReturnRequest;
  /** When it last progressed: its status changed or a fact reached its timeline. */
  readonly progressedAt: Date;
  /** How long its status allows, in seconds. */
  readonly thresholdSeconds: number;
}

export type IdempotencyClaim =
  { readonly claimed: true } | { readonly claimed: false; readonly requestHash: string; readonly resourceId: string };

export interface PolicyVersionRecord {
  readonly version: number;
  readonly document: ReturnPolicyDocument;
  readonly checksum: string;
  readonly source: 'file' | 'api';
  /** The subject who replaced the policy (`policy-file` for a version loaded from the file). */
  readonly createdBy: string;
  /** The client it came through; null for the file and for versions from before it was recorded. */
  readonly createdByClient: string | null;
  readonly note: string | null;
  readonly createdAt: Date;
}

export interface ReturnsStore {
  findOrder(orderId: string): Promise<Order | null>;
  /** Reads the order and holds it until commit: returns against one order are decided one at a time. */
  lockOrder(orderId: string): Promise<Order | null>;
  saveOrder(order: Order): Promise<void>;
  /** Units of each line of the order held by returns that were not rejected, cancelled or expired. */
  returnedQuantities(orderId: string): Promise<Map<string, number>>;
  /** Lines of the order that any return (whatever its status) refers to. */
  linesInReturns(orderId: string): Promise<Set<string>>;
  customerHistory(customerId: string): Promise<{ deliveredOrders: number; ordersWithReturns: number }>;

  /** The coverage of every active partner, as pickup-scheduling last announced it. */
  partnerCoverage(): Promise<PartnerCoverage[]>;
  /**
   * Keeps a partner's coverage unless what is stored was announced later (`changedAt`): a late
   * announcement never undoes a newer one. False when it was older and nothing changed.
   */
  savePartnerCoverage(
    coverage: PartnerCoverage & { readonly active: boolean; readonly changedAt: Date },
  ): Promise<boolean>;

  currentPolicy(): Promise<ReturnPolicy | null>;
  policyVersion(version: number): Promise<PolicyVersionRecord | null>;
  latestPolicyVersion(source?: 'file' | 'api'): Promise<PolicyVersionRecord | null>;
  /** Stores a new version numbered after the latest (serialised, so versions never collide). */
  appendPolicyVersion(record: Omit<PolicyVersionRecord, 'version' | 'createdAt'>): Promise<PolicyVersionRecord>;

  claimIdempotencyKey(
    operation: string,
    key: string,
    requestHash: string,
    resourceId: string,
  ): Promise<IdempotencyClaim>;

  insertReturn(request: ReturnRequest): Promise<void>;
  findReturn(returnId: string): Promise<ReturnRequest | null>;
  /** Reads the return and holds it until commit, so status changes on one return are serialised. */
  lockReturn(returnId: string): Promise<ReturnRequest | null>;
  /** Moves the status; it counts as progress. */
  setStatus(returnId: string, status: ReturnStatus, at: Date): Promise<void>;
  /** Progress without a status change: a fact reached the timeline. */
  markProgress(returnId: string, at: Date): Promise<void>;
  listReturns(filter: ReturnListFilter, limit: number, after?: ReturnListPosition): Promise<ReturnRequest[]>;
  /** Returns that have not progressed for longer than their status allows at `now`, longest first. */
  listStuck(
    thresholds: StuckThresholds,
    now: Date,
    filter: { readonly status?: WaitingStatus },
    limit: number,
    after?: StuckListPosition,
  ): Promise<StuckReturn[]>;
  countStuck(thresholds: StuckThresholds, now: Date): Promise<Map<WaitingStatus, number>>;

  insertDecision(decision: Decision): Promise<void>;
  decisions(returnId: string): Promise<Decision[]>;
  /** False when the entry (same event id) is already there. */
  appendTimeline(entry: TimelineEntry): Promise<boolean>;
  timeline(returnId: string): Promise<TimelineEntry[]>;
  saveRefund(fact: RefundFact): Promise<void>;
  findRefund(refundId: string): Promise<RefundFact | null>;
  refunds(returnId: string): Promise<RefundFact[]>;
}

export interface IntakeTransaction extends Transaction {
  readonly store: ReturnsStore;
}

export type TransactionRunner = KernelTransactionRunner<IntakeTransaction>;

export type { Clock, EventSink, PublishedEvent } from '@rebound/kernel';
