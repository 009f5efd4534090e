/**
 * What the use cases need from the outside world, without knowing it is Postgres and an outbox: one
 * store per aggregate, bound to one transaction with the events that commit with it, and the read
 * port the API lists and shows returns through.
 */
import type { Transaction, TransactionRunner as KernelTransactionRunner } from '@rebound/kernel';
import type { PartnerCoverage } from '@rebound/contracts';
import type { KeptVariant, PeerExchanges } from './offers/offer';
import type { CatalogueView, ProductSnapshot, RecordedProduct, StockLevel } from './catalogue';
import type { Order } from './order';
import type { ReturnPolicyDocument } from './policy/policy-document';
import type { ReturnPolicy } from './policy/return-policy';
import type { Decision, RefundFact, ReturnLine, ReturnRequest, TimelineEntry } from './return-request';
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

/** The order read model: the copy of each order returns are judged against. */
export interface OrdersStore {
  find(orderId: string): Promise<Order | null>;
  /**
   * Reads the order and holds it until commit, even one not stored yet: returns against one order are
   * decided one at a time, and two snapshots of a new order (its event and a PUT) are recorded one
   * after the other, the second seeing the first.
   */
  lock(orderId: string): Promise<Order | null>;
  save(order: Order): Promise<void>;
  customerHistory(customerId: string): Promise<{ deliveredOrders: number; ordersWithReturns: number }>;
}

/** The coverage partners announced (pickup-scheduling's read model). */
export interface PartnerCoverageStore {
  /** The coverage of every active partner, as pickup-scheduling last announced it. */
  active(): Promise<PartnerCoverage[]>;
  /**
   * Keeps a partner's coverage unless what is stored was announced later (`changedAt`): a late
   * announcement never undoes a newer one. False when it was older and nothing changed.
   */
  save(coverage: PartnerCoverage & { readonly active: boolean; readonly changedAt: Date }): Promise<boolean>;
}

/** The catalogue read model: what offers read (`CatalogueView`), and what the catalogue's use cases write. */
export interface CatalogueStore extends CatalogueView {
  /** The product with its variants' sellable stock, when it was published and who wrote it. */
  product(productId: string): Promise<RecordedProduct | null>;
  /**
   * The version of the product stored, or null; holds the product until commit, even one not stored
   * yet, so two snapshots of one product are recorded one after the other, the second seeing the first.
   */
  lockProduct(productId: string): Promise<number | null>;
  /**
   * Stores the snapshot whole: variants it no longer lists are gone, and a sku another product listed
   * now belongs to this one (the latest snapshot to list a sku says whose it is).
   */
  saveProduct(snapshot: ProductSnapshot): Promise<void>;
  /**
   * Keeps the level unless the one stored for the sku at the warehouse has the same or a higher
   * version: a late or replayed level never undoes a newer one. False when nothing changed.
   */
  saveStockLevel(level: StockLevel): Promise<boolean>;
}

/** The versioned return policy. */
export interface PolicyStore {
  current(): Promise<ReturnPolicy | null>;
  version(version: number): Promise<PolicyVersionRecord | null>;
  latest(source?: 'file' | 'api'): Promise<PolicyVersionRecord | null>;
  /**
   * Waits until no other transaction adds a version, and holds the others off until this one ends:
   * what it reads of the versions then stays true until it adds its own.
   */
  lockVersions(): Promise<void>;
  /** Stores a new version numbered after the latest (serialised, so versions never collide). */
  append(record: Omit<PolicyVersionRecord, 'version' | 'createdAt'>): Promise<PolicyVersionRecord>;
}

export interface IdempotencyKeys {
  claim(operation: string, key: string, requestHash: string, resourceId: string): Promise<IdempotencyClaim>;
}

/** Returns with their lines, decisions, timeline and refunds: the aggregate the use cases change. */
/** What a return is opened with, stored in the same write as the return itself. */
export interface ReturnOpening {
  readonly decision: Decision;
  /** Its first timeline entries, in the order they happened. */
  readonly timeline: readonly TimelineEntry[];
}

export type LineChange = Pick<ReturnLine, 'resolution' | 'fallbacks' | 'warehouseId'>;

export interface ReturnsStore {
  /** Stores a new return with its lines and, when opened through the use case, its opening. */
  insert(request: ReturnRequest, opening?: ReturnOpening): Promise<void>;
  find(returnId: string): Promise<ReturnRequest | null>;
  /** Reads the return and holds it until commit, so status changes on one return are serialised. */
  lock(returnId: string): Promise<ReturnRequest | null>;
  /** Moves the status; it counts as progress. */
  setStatus(returnId: string, status: ReturnStatus, at: Date): Promise<void>;
  /** Progress without a status change: a fact reached the timeline. */
  markProgress(returnId: string, at: Date): Promise<void>;
  /** A line's resolution as it now stands: the choice taken, the ones left, where its replacement is held. */
  updateLine(returnId: string, lineId: string, change: LineChange): Promise<void>;
  /** The quote as the lines' resolutions now make it. */
  setExpectedRefund(returnId: string, expectedRefundMinor: number): Promise<void>;
  /** The exchange order was requested (ExchangeOrderRequested): it is never requested twice. */
  markExchangeRequested(returnId: string, at: Date): Promise<void>;
  /** The replacements were released to ship (ExchangeShipmentReleased): they are never released twice. */
  markExchangeReleased(returnId: string, at: Date): Promise<void>;
  /** Units of each line of the order held by returns whose status holds quantity (return-status). */
  returnedQuantities(orderId: string): Promise<Map<string, number>>;
  /** Lines of the order that any return (whatever its status) refers to. */
  linesInReturns(orderId: string): Promise<Set<string>>;

  insertDecision(decision: Decision): Promise<void>;
  decisions(returnId: string): Promise<Decision[]>;
  /** False when the entry (same event id) is already there. */
  appendTimeline(entry: TimelineEntry): Promise<boolean>;
  timeline(returnId: string): Promise<TimelineEntry[]>;
  saveRefund(fact: RefundFact): Promise<void>;
  findRefund(refundId: string): Promise<RefundFact | null>;
  refunds(returnId: string): Promise<RefundFact[]>;
}

/** Everything a reader sees of one return, read from one snapshot so the parts belong together. */
export interface ReturnDetails {
  readonly request: ReturnRequest;
  readonly decisions: readonly Decision[];
  readonly timeline: readonly TimelineEntry[];
  readonly refunds: readonly RefundFact[];
}

/** Read port for the API and the metrics: lists and snapshots outside any use case's transaction. */
export interface ReturnsView {
  details(returnId: string): Promise<ReturnDetails | null>;
  list(filter: ReturnListFilter, limit: number, after?: ReturnListPosition): Promise<ReturnRequest[]>;
  /** Returns that have not progressed for longer than their status allows at `now`, longest first. */
  stuck(
    thresholds: StuckThresholds,
    now: Date,
    filter: { readonly status?: WaitingStatus },
    limit: number,
    after?: StuckListPosition,
  ): Promise<StuckReturn[]>;
  countStuck(thresholds: StuckThresholds, now: Date): Promise<Map<WaitingStatus, number>>;
}

/**
 * Read port for what exchanges taught: what each customer kept, and what customers who returned a sku
 * for a reason exchanged it for and kept. Fed by completed exchanges; offers rank by it.
 */
export interface ExchangeHistoryView {
  /** Variants the customer exchanged to and kept, in one category. */
  keptByCustomer(customerId: string, category: string): Promise<KeptVariant[]>;
  /** What customers who returned `sku` for `reasonCode` kept instead. */
  peersKept(sku: string, reasonCode: string): Promise<PeerExchanges>;
}

/** One exchange a customer kept: recorded when its return completes. */
export interface KeptExchange {
  readonly returnId: string;
  readonly lineId: string;
  readonly customerId: string;
  readonly returnedSku: string;
  readonly reasonCode: string;
  readonly kept: KeptVariant;
  readonly completedAt: Date;
}

/** The exchange history: what offers rank by, and where completed exchanges are recorded. */
export interface ExchangeHistoryStore extends ExchangeHistoryView {
  /** Records each exchange once (by return and line). */
  record(exchanges: readonly KeptExchange[]): Promise<void>;
}

export interface IntakeTransaction extends Transaction {
  readonly orders: OrdersStore;
  readonly coverage: PartnerCoverageStore;
  readonly catalogue: CatalogueStore;
  readonly exchanges: ExchangeHistoryStore;
  readonly policies: PolicyStore;
  readonly idempotencyKeys: IdempotencyKeys;
  readonly returns: ReturnsStore;
}

export type TransactionRunner = KernelTransactionRunner<IntakeTransaction>;

export type { Clock, EventSink, PublishedEvent } from '@rebound/kernel';
