/** What the use cases need from the outside: stores by aggregate, the API's read ports, the metrics, a clock. */
import type { Transaction, TransactionRunner as KernelTransactionRunner } from '@rebound/kernel';
import type { Actor, ReservationReleaseReason } from '@rebound/contracts';
import type { LevelBucket, MovementReason, StockLevel } from './stock';

export interface LedgerLine {
  readonly sku: string;
  readonly warehouseId: string;
  readonly bucket: LevelBucket;
  readonly quantityDelta: number;
}

/** One recorded reason for stock to move, with its lines: all of them are applied, or none. */
export interface Movement {
  /** What caused it, once: `inspection:<id>` or `request:<Idempotency-Key>`. */
  readonly sourceId: string;
  readonly reason: MovementReason;
  readonly returnId?: string;
  readonly reference?: string;
  readonly note?: string;
  readonly occurredAt: Date;
  readonly lines: readonly LedgerLine[];
  /** Who reported it through the API; absent for movements the service makes itself from events. */
  readonly movedBy?: Actor;
}

export interface LedgerEntry extends LedgerLine {
  readonly entryId: string;
  readonly sourceId: string;
  readonly reason: MovementReason;
  readonly returnId: string | null;
  readonly reference: string | null;
  readonly note: string | null;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  /** Null for movements the service made itself, and for entries recorded before callers were. */
  readonly movedBy: Actor | null;
}

/** Units of a return's line on their way to a warehouse. */
export interface InboundLine {
  readonly returnId: string;
  readonly lineId: string;
  readonly sku: string;
  readonly warehouseId: string;
  readonly quantity: number;
}

/** What inventory has heard about one return's parcel so far. */
export interface ReturnProgress {
  readonly returnId: string;
  /** When it was inspected, as known before the fact just noted. */
  readonly inspectedAt: Date | null;
  /** When it was delivered to the warehouse, the fact just noted included. */
  readonly deliveredAt: Date | null;
}

export type ReturnFact = 'picked_up' | 'delivered' | 'inspected';

/** Sellable units of a return's line put back on sale, and when. */
export interface RestockedUnits {
  readonly returnId: string;
  readonly lineId: string;
  readonly sku: string;
  readonly warehouseId: string;
  readonly units: number;
  readonly restockedAt: Date;
}

/** How long those units took from delivery to the warehouse until restocked. */
export interface LatencySample extends RestockedUnits {
  readonly seconds: number;
}

/** The answer stored under an Idempotency-Key, and the digest of the request that made it. */
export interface StoredRequest {
  readonly requestHash: string;
  readonly response: unknown;
}

/** Where a level is kept: a sku at a warehouse. */
export interface LevelKey {
  readonly sku: string;
  readonly warehouseId: string;
}

/** A level that differs from what the ledger (or the open expected inbound) adds up to. */
export interface LevelMismatch {
  readonly sku: string;
  readonly warehouseId: string;
  /** A bucket, or `expected_inbound`. */
  readonly measure: string;
  readonly level: number;
  readonly recomputed: number;
}

export interface RestockLatency {
  readonly units: number;
  readonly p50Seconds: number | null;
  readonly p95Seconds: number | null;
}

/** Stock levels and the ledger that explains them. */
export interface StockStore {
  /** The levels of these keys, created empty when new, locked until the transaction ends (in key order). */
  lockLevels(keys: readonly LevelKey[]): Promise<StockLevel[]>;
  /** Every level these skus have at any warehouse, locked until the transaction ends (in key order). */
  lockLevelsOf(skus: readonly string[]): Promise<StockLevel[]>;
  saveLevel(level: StockLevel): Promise<void>;
  appendLedger(movement: Movement, recordedAt: Date): Promise<void>;
}

/** Where a replacement held for an exchange stands: held, on sale again, or handed to the exchange order. */
export type ReservationStatus = 'held' | 'released' | 'allocated';

/** Units of a replacement held at one warehouse for one line of a return. */
export interface NewReservation {
  readonly returnId: string;
  readonly lineId: string;
  readonly sku: string;
  readonly warehouseId: string;
  readonly quantity: number;
  readonly reservedAt: Date;
}

export interface Reservation extends NewReservation {
  readonly reservationId: string;
  readonly status: ReservationStatus;
}

/** Replacements held for exchanges, by return and line. */
export interface ReservationStore {
  /** The return's reservations, whatever their status, oldest first, locked until the transaction ends. */
  lockReservationsOf(returnId: string): Promise<Reservation[]>;
  /** Keeps a reservation as held. */
  hold(reservation: NewReservation): Promise<Reservation>;
  release(reservationId: string, reason: ReservationReleaseReason, at: Date): Promise<void>;
  allocate(reservationId: string, at: Date): Promise<void>;
}

/** Movements reported over the API, by Idempotency-Key. */
export interface MovementRequestStore {
  /** Claims the key for this request; when it was claimed before, what is stored under it. */
  claimRequest(idempotencyKey: string, requestHash: string): Promise<StoredRequest | null>;
  storeResponse(idempotencyKey: string, response: unknown): Promise<void>;
}

/** Returns' parcels: what inventory heard of them, and their units on the way. */
export interface ParcelStore {
  /** Records the fact (the first time only) and returns what was known with it. */
  noteReturn(returnId: string, fact: ReturnFact, at: Date): Promise<ReturnProgress>;
  /** Inserts the lines not yet expected; returns those it inserted. */
  expectInbound(lines: readonly InboundLine[], at: Date): Promise<InboundLine[]>;
  /** Clears what a return still had on its way; returns what it cleared. */
  clearInbound(returnId: string, at: Date): Promise<InboundLine[]>;
}

/** Restocked units, kept for the latency figures. */
export interface RestockStore {
  /** Keeps restocked units; their seconds wait for the delivery time if unknown. */
  recordRestocked(units: readonly RestockedUnits[]): Promise<void>;
  /** Fills in the seconds of the return's restocked units not yet measured; returns those filled in. */
  completeLatency(returnId: string, deliveredAt: Date): Promise<LatencySample[]>;
}

/** What the API reads of stock, outside any transaction. */
export interface StockQueries {
  /** Every warehouse's level of the sku, by warehouse. */
  levelsOf(sku: string): Promise<StockLevel[]>;
  /** The sku's ledger, newest first, older than the entry id given; at most `limit` entries. */
  ledgerOf(sku: string, limit: number, beforeEntryId?: string): Promise<LedgerEntry[]>;
  /** At most `limit` keys of levels after `after`, in key order. */
  levelKeys(limit: number, after?: LevelKey): Promise<LevelKey[]>;
  /**
   * Recomputes the levels of the keys after `after` up to and including `through` (to the end when
   * null) from the ledger and the open expected inbound; what disagrees.
   */
  mismatches(after: LevelKey | undefined, through: LevelKey | null): Promise<LevelMismatch[]>;
}

/** What the API reads of restock latency. */
export interface RestockLatencyQueries {
  /** Percentiles over units (a line of 3 units counts 3 times) restocked since `since`. */
  restockLatency(since: Date): Promise<RestockLatency>;
}

/** Where completed latency samples go (the service's metrics), outside the domain. */
export interface RestockLatencyObserver {
  observe(samples: readonly LatencySample[]): void;
}

export interface InventoryTransaction extends Transaction {
  readonly stock: StockStore;
  readonly movementRequests: MovementRequestStore;
  readonly parcels: ParcelStore;
  readonly restocks: RestockStore;
  readonly reservations: ReservationStore;
}

export type TransactionRunner = KernelTransactionRunner<InventoryTransaction>;

export type { Clock, EventSink, PublishedEvent } from '@rebound/kernel';
