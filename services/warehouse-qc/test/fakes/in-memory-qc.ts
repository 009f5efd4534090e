/**
 * One warehouse-qc transaction in memory for unit tests — the stores, a recording event sink, a frozen
 * clock and the demo grading rules — with an open inspection to start from.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '@rebound/contracts';
import { RecordingEventSink, TestClock } from '@rebound/kernel/testing';
import demoRules from '../../rules/default-rules.json';
import { GradingRules } from '../../src/domain/grading-rules';
import type { Inspection, LineRecord } from '../../src/domain/inspection';
import type { QcTransaction } from '../../src/domain/ports';
import { InMemoryExpectedReturnsStore } from './in-memory-expected-returns.store';
import { InMemoryInspectionsStore } from './in-memory-inspections.store';

export const T0 = new Date('2030-01-01T09:00:00Z');
export const INSPECTOR: Actor = { subject: 'inspector-1', clientId: 'rebound-warehouse' };
export const OTHER_INSPECTOR: Actor = { subject: 'inspector-2', clientId: 'rebound-warehouse' };
export const SUPERVISOR: Actor = { subject: 'supervisor-1', clientId: 'rebound-console' };

export interface InMemoryQc {
  readonly tx: QcTransaction;
  readonly inspections: InMemoryInspectionsStore;
  readonly expectedReturns: InMemoryExpectedReturnsStore;
  readonly events: RecordingEventSink;
  readonly clock: TestClock;
  readonly rules: GradingRules;
}

export function inMemoryQc(): InMemoryQc {
  const inspections = new InMemoryInspectionsStore();
  const expectedReturns = new InMemoryExpectedReturnsStore();
  const events = new RecordingEventSink();
  return {
    tx: { inspections, expectedReturns, events },
    inspections,
    expectedReturns,
    events,
    clock: new TestClock(T0),
    rules: GradingRules.parse(demoRules),
  };
}

/** An open inspection of a jacket (apparel, 2 units) and a phone (electronics, 1 unit); override what a test is about. */
export function anInspection(overrides: Partial<Inspection> = {}): Inspection {
  return {
    inspectionId: randomUUID(),
    returnId: randomUUID(),
    orderId: 'order-1',
    warehouseId: 'wh-berlin',
    status: 'open',
    claim: null,
    lines: [
      {
        lineId: 'jacket',
        sku: 'SKU-JACKET',
        category: 'apparel',
        expectedQuantity: 2,
        unexpected: false,
        record: null,
      },
      {
        lineId: 'phone',
        sku: 'SKU-PHONE',
        category: 'electronics',
        expectedQuantity: 1,
        unexpected: false,
        record: null,
      },
    ],
    refundableFractions: { A: 1, B: 0.9, C: 0.5, D: 0 },
    flagsAtCompletion: [],
    resolution: null,
    openedAt: T0,
    completedAt: null,
    ...overrides,
  };
}

/** `inspection` claimed by `inspector` for the next hour. */
export function claimedBy(inspection: Inspection, inspector: Actor = INSPECTOR): Inspection {
  return {
    ...inspection,
    claim: {
      inspectorId: inspector.subject,
      inspectorClientId: inspector.clientId,
      expiresAt: new Date(T0.getTime() + 3600_000),
    },
  };
}

/** Findings of a line received in full, as sold, at grade A. */
export function asSold(category: 'apparel' | 'electronics', receivedQuantity: number): LineRecord {
  return {
    receivedQuantity,
    grade: 'A',
    checklist:
      category === 'apparel'
        ? { tags_attached: true, original_packaging: true }
        : { serial_matches: true, original_packaging: true },
    wrongItem: false,
    notes: null,
    photoUrls: [],
    recordedBy: INSPECTOR.subject,
    recordedByClientId: INSPECTOR.clientId,
    recordedAt: T0,
  };
}

/** `inspection` with every expected line recorded as sold. */
export function fullyRecorded(inspection: Inspection): Inspection {
  return {
    ...inspection,
    lines: inspection.lines.map((line) => ({
      ...line,
      record: asSold(line.category === 'electronics' ? 'electronics' : 'apparel', line.expectedQuantity),
    })),
  };
}
