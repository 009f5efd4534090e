/**
 * One inventory in memory for the use cases' unit tests: a transaction over the in-memory stores and
 * a recording event sink, the use cases wired as Nest wires them, and a latency observer that keeps
 * what it was handed.
 */
import { RecordingEventSink, TestClock } from '@rebound/kernel/testing';
import type { InventoryTransaction, LatencySample, RestockLatencyObserver } from '../../src/domain/ports';
import { AllocateReplacements } from '../../src/domain/use-cases/allocate-replacements/allocate-replacements';
import { ChangeLineResolution } from '../../src/domain/use-cases/change-line-resolution/change-line-resolution';
import { ChangeStock } from '../../src/domain/use-cases/change-stock/change-stock';
import { RecordMovement } from '../../src/domain/use-cases/record-movement/record-movement';
import { ReleaseReplacements } from '../../src/domain/use-cases/release-replacements/release-replacements';
import { ReserveReplacements } from '../../src/domain/use-cases/reserve-replacements/reserve-replacements';
import { RestockInspection } from '../../src/domain/use-cases/restock-inspection/restock-inspection';
import { TrackParcel } from '../../src/domain/use-cases/track-parcel/track-parcel';
import { InMemoryMovementRequestStore } from './in-memory-movement-request.store';
import { InMemoryParcelStore } from './in-memory-parcel.store';
import { InMemoryReservationStore } from './in-memory-reservation.store';
import { InMemoryRestockStore } from './in-memory-restock.store';
import { InMemoryStockStore } from './in-memory-stock.store';

export class RecordingLatencyObserver implements RestockLatencyObserver {
  readonly samples: LatencySample[] = [];

  observe(samples: readonly LatencySample[]): void {
    this.samples.push(...samples);
  }
}

export function inMemoryInventory(start = new Date('2026-03-01T10:00:00Z')) {
  const stock = new InMemoryStockStore();
  const movementRequests = new InMemoryMovementRequestStore();
  const parcels = new InMemoryParcelStore();
  const restocks = new InMemoryRestockStore();
  const reservations = new InMemoryReservationStore();
  const events = new RecordingEventSink();
  const tx: InventoryTransaction = { stock, movementRequests, parcels, restocks, reservations, events };
  const clock = new TestClock(start);
  const latency = new RecordingLatencyObserver();
  const changeStock = new ChangeStock();
  return {
    tx,
    stock,
    movementRequests,
    parcels,
    restocks,
    reservations,
    events,
    clock,
    latency,
    changeStock,
    recordMovement: new RecordMovement(clock, changeStock),
    trackParcel: new TrackParcel(clock, changeStock, latency),
    restockInspection: new RestockInspection(clock, changeStock, latency),
    reserveReplacements: new ReserveReplacements(clock, changeStock),
    changeLineResolution: new ChangeLineResolution(clock, changeStock),
    releaseReplacements: new ReleaseReplacements(clock, changeStock),
    allocateReplacements: new AllocateReplacements(clock, changeStock),
  };
}
