/** What the use cases and the API need from the outside: stores by aggregate, the inspections view, events, a clock. */
import type { Transaction, TransactionRunner as KernelTransactionRunner } from '@rebound/kernel';
import type { Actor } from '@rebound/contracts';
import type { Inspection, InspectionLine, InspectionStatus, LineRecord, QueueState } from './inspection';

/** What warehouse-qc keeps of an approved return: enough to know what to expect. */
export interface ExpectedReturn {
  readonly returnId: string;
  readonly orderId: string;
  readonly lines: readonly { lineId: string; sku: string; category: string; quantity: number }[];
  readonly refundableFractions: Readonly<Record<string, number>>;
}

export interface Arrival {
  readonly returnId: string;
  readonly warehouseId: string;
  readonly arrivedAt: Date;
}

export type ClaimOutcome =
  | { readonly outcome: 'won' }
  | { readonly outcome: 'taken'; readonly holder: string; readonly until: Date }
  | { readonly outcome: 'closed'; readonly status: InspectionStatus }
  | { readonly outcome: 'missing' };

/** The approvals remembered, and the parcels that reached a warehouse before their approval was read. */
export interface ExpectedReturnsStore {
  /**
   * Waits until no other transaction works on the return's approval or arrival, until this one ends:
   * the two come on different topics and are applied at once, and each must see the other's row.
   */
  lockReturn(returnId: string): Promise<void>;
  /** False when the return was remembered before. */
  rememberReturn(expected: ExpectedReturn): Promise<boolean>;
  findReturn(returnId: string): Promise<ExpectedReturn | undefined>;
  /** Keeps an arrival whose return is not known yet; false when it was kept before. */
  holdArrival(arrival: Arrival): Promise<boolean>;
  /** The held arrival of a return, removed. */
  takeArrival(returnId: string): Promise<Arrival | undefined>;
}

/** Inspections with their lines, as the use cases change them. */
export interface InspectionsStore {
  /** False when the return already has an inspection: one parcel, one inspection. */
  insertInspection(inspection: Inspection): Promise<boolean>;
  lockInspection(inspectionId: string): Promise<Inspection | undefined>;
  /**
   * Claims the inspection for the inspector unless somebody else holds an active claim; returns the
   * claim in force afterwards. One statement, so of two concurrent claims exactly one wins. The
   * same inspector claiming again renews the claim, through whichever client it now calls.
   */
  claim(inspectionId: string, inspector: Actor, now: Date, expiresAt: Date): Promise<ClaimOutcome>;
  saveLine(inspectionId: string, line: InspectionLine, record: LineRecord): Promise<void>;
  addLine(inspectionId: string, line: InspectionLine): Promise<void>;
  updateInspection(inspection: Inspection): Promise<void>;
}

/** Where a queue page ends: the rank of its queue state, then the order within the rank. */
export interface QueuePosition {
  readonly rank: number;
  readonly openedAt: Date;
  readonly inspectionId: string;
}

/** What the warehouse app reads: inspections outside any transaction of the use cases. */
export interface InspectionsView {
  /** A warehouse's queue in queue order (pending, in progress, held, completed; oldest first). */
  queue(
    warehouseId: string,
    now: Date,
    state: QueueState | undefined,
    limit: number,
    after?: QueuePosition,
  ): Promise<Inspection[]>;
  findInspection(inspectionId: string): Promise<Inspection | undefined>;
  inspectionOfReturn(returnId: string): Promise<Inspection | undefined>;
}

export interface QcTransaction extends Transaction {
  readonly inspections: InspectionsStore;
  readonly expectedReturns: ExpectedReturnsStore;
}

export type TransactionRunner = KernelTransactionRunner<QcTransaction>;

export type { Clock, EventSink, PublishedEvent } from '@rebound/kernel';
