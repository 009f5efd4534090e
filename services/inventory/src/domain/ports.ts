/** What the use cases need from the outside: storage, publishing through the outbox, a clock. */
import type { Transaction, TransactionRunner as KernelTransactionRunner } from '@rebound/kernel';
import type { Actor, StockBucket } from '@rebound/contracts';
import type { MovementReason, StockLevel } from './stock';

export interface LedgerLine {
  readonly sku: string;
  readonly warehouseId: string;
  readonly bucket: StockBucket;
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
  readonly inspectedAt: Date | null;
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

export interface InventoryStore {
  /** The levels of these keys, created empty when new, locked until the transaction ends (in key order). */
  lockLevels(keys: readonly { sku: string; warehouseId: string }[]): Promise<StockLevel[]>;
  saveLevel(level: StockLevel): Promise<void>;
  appendLedger(movement: Movement, recordedAt: Date): Promise<void>;
  /** Records the fact (the first time only) and returns what was known before it. */
  noteReturn(returnId: string, fact: ReturnFact, at: Date): Promise<ReturnProgress>;
  /** Inserts the lines not yet expected; returns those it inserted. */
  expectInbound(lines: readonly InboundLine[], at: Date): Promise<InboundLine[]>;
  /** Clears what a return still had on its way; returns what it cleared. */
  clearInbound(returnId: string, at: Date): Promise<InboundLine[]>;
  /** Keeps restocked units for the latency figures; their seconds wait for the delivery time if unknown. */
  recordRestocked(units: readonly RestockedUnits[]): Promise<void>;
  /** Fills in the seconds of the return's restocked units once both times are known; returns those filled in. */
  completeLatency(returnId: string): Promise<LatencySample[]>;
  /** Claims the key for this request; when it was claimed before, what is stored under it. */
  claimRequest(idempotencyKey: string, requestHash: string): Promise<StoredRequest | null>;
  storeResponse(idempotencyKey: string, response: unknown): Promise<void>;
}

export interface InventoryTransaction extends Transaction {
  readonly store: InventoryStore;
}

export type TransactionRunner = KernelTransactionRunner<InventoryTransaction>;

export type { Clock, EventSink, PublishedEvent } from '@rebound/kernel';
