/** What the use cases need from the outside: storage, publishing through the outbox, a clock. */
import type { Transaction, TransactionRunner as KernelTransactionRunner } from '@rebound/kernel';
import type { Actor } from '@rebound/contracts';
import type { Inspection, InspectionLine, InspectionStatus, LineRecord } from './inspection';

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

export interface QcStore {
  /** False when the return was remembered before. */
  rememberReturn(expected: ExpectedReturn): Promise<boolean>;
  findReturn(returnId: string): Promise<ExpectedReturn | undefined>;
  /** Keeps an arrival whose return is not known yet; false when it was kept before. */
  holdArrival(arrival: Arrival): Promise<boolean>;
  /** The held arrival of a return, removed. */
  takeArrival(returnId: string): Promise<Arrival | undefined>;
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

export interface QcTransaction extends Transaction {
  readonly store: QcStore;
}

export type TransactionRunner = KernelTransactionRunner<QcTransaction>;

export type { Clock, EventSink, PublishedEvent } from '@rebound/kernel';
