import { randomUUID } from 'node:crypto';
import { DomainError } from '@rebound/kernel';
import { StockLevelChanged } from '@rebound/contracts';
import { inMemoryInventory } from '../../../../test/fakes/in-memory-inventory';
import { inspectedLine, inspectionCompleted, pickedUp } from '../../../../test/support/fixtures';
import { RestockInspectionCommand } from '../restock-inspection/restock-inspection.command';
import { TrackParcelCommand } from './track-parcel.command';

describe('TrackParcel', () => {
  it('expects a picked-up parcel’s units at its destination warehouse, once', async () => {
    const inventory = inMemoryInventory();
    const parcel = pickedUp(randomUUID(), 'ams-1', [{ lineId: 'l1', sku: 'JKT', quantity: 2 }]);

    await inventory.trackParcel.execute(inventory.tx, TrackParcelCommand.pickedUp(parcel));
    await inventory.trackParcel.execute(inventory.tx, TrackParcelCommand.pickedUp(parcel));

    expect(inventory.stock.level('JKT', 'ams-1')?.expectedInbound).toBe(2);
    expect(inventory.events.ofType(StockLevelChanged)).toHaveLength(1);
    expect(inventory.stock.ledger).toEqual([]);
  });

  it('expects nothing of a parcel inspected before its pickup was heard of', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    const inspection = inspectionCompleted(returnId, 'ams-1', [inspectedLine({ sku: 'JKT' })]);
    await inventory.restockInspection.execute(inventory.tx, RestockInspectionCommand.of(inspection));

    await inventory.trackParcel.execute(
      inventory.tx,
      TrackParcelCommand.pickedUp(pickedUp(returnId, 'ams-1', [{ lineId: 'l1', sku: 'JKT', quantity: 1 }])),
    );

    expect(inventory.stock.level('JKT', 'ams-1')?.expectedInbound).toBe(0);
  });

  it('measures restock latency of units restocked before their delivery was heard of', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    const deliveredAt = new Date(inventory.clock.now().getTime() - 3_600_000);
    const inspection = inspectionCompleted(returnId, 'ams-1', [inspectedLine({ sku: 'JKT', receivedQuantity: 2 })]);
    await inventory.restockInspection.execute(inventory.tx, RestockInspectionCommand.of(inspection));
    expect(inventory.latency.samples).toEqual([]);

    await inventory.trackParcel.execute(inventory.tx, TrackParcelCommand.delivered(returnId, deliveredAt));
    await inventory.trackParcel.execute(inventory.tx, TrackParcelCommand.delivered(returnId, new Date()));

    expect(inventory.latency.samples).toEqual([expect.objectContaining({ units: 2, seconds: 3600 })]);
  });

  it('cannot be told of a parcel line of no units', () => {
    const parcel = pickedUp(randomUUID(), 'ams-1', [{ lineId: 'l1', sku: 'JKT', quantity: 0 }]);

    expect(() => TrackParcelCommand.pickedUp(parcel)).toThrow(DomainError);
  });
});
