import { randomUUID } from 'node:crypto';
import { DomainError } from '@rebound/kernel';
import { StockRestocked } from '@rebound/contracts';
import { inMemoryInventory } from '../../../../test/fakes/in-memory-inventory';
import { inspectedLine, inspectionCompleted, pickedUp } from '../../../../test/support/fixtures';
import { TrackParcelCommand } from '../track-parcel/track-parcel.command';
import { RestockInspectionCommand } from './restock-inspection.command';

describe('RestockInspection', () => {
  it('puts each received unit into the bucket its disposition names and clears what was expected', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await inventory.trackParcel.execute(
      inventory.tx,
      TrackParcelCommand.pickedUp(
        pickedUp(returnId, 'ams-1', [
          { lineId: 'l1', sku: 'JKT', quantity: 2 },
          { lineId: 'l2', sku: 'CAP', quantity: 1 },
        ]),
      ),
    );
    const inspection = inspectionCompleted(returnId, 'ams-1', [
      inspectedLine({ lineId: 'l1', sku: 'JKT', receivedQuantity: 2 }),
      inspectedLine({ lineId: 'l2', sku: 'CAP', disposition: 'dispose', grade: 'D' }),
    ]);

    await inventory.restockInspection.execute(inventory.tx, RestockInspectionCommand.of(inspection));

    expect(inventory.stock.level('JKT', 'ams-1')).toMatchObject({ expectedInbound: 0, buckets: { sellable: 2 } });
    expect(inventory.stock.level('CAP', 'ams-1')).toMatchObject({ expectedInbound: 0, buckets: { scrap: 1 } });
    expect(inventory.stock.ledger[0].movement).toMatchObject({
      sourceId: `inspection:${inspection.inspectionId}`,
      reason: 'return_inspected',
      returnId,
    });
    expect(inventory.events.ofType(StockRestocked)).toEqual([
      expect.objectContaining({
        returnId,
        lines: [
          expect.objectContaining({ sku: 'JKT', quantity: 2, bucket: 'sellable' }),
          expect.objectContaining({ sku: 'CAP', quantity: 1, bucket: 'scrap' }),
        ],
      }),
    ]);
    expect(inventory.restocks.units).toEqual([expect.objectContaining({ sku: 'JKT', units: 2 })]);
  });

  it('moves stock once however often the inspection arrives', async () => {
    const inventory = inMemoryInventory();
    const command = RestockInspectionCommand.of(
      inspectionCompleted(randomUUID(), 'ams-1', [inspectedLine({ sku: 'JKT' })]),
    );

    await inventory.restockInspection.execute(inventory.tx, command);
    await inventory.restockInspection.execute(inventory.tx, command);

    expect(inventory.stock.level('JKT', 'ams-1')?.buckets.sellable).toBe(1);
    expect(inventory.events.ofType(StockRestocked)).toHaveLength(1);
  });

  it('measures restock latency at once when the delivery was already heard of', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await inventory.trackParcel.execute(inventory.tx, TrackParcelCommand.delivered(returnId, inventory.clock.now()));
    inventory.clock.advance(90_000);

    await inventory.restockInspection.execute(
      inventory.tx,
      RestockInspectionCommand.of(inspectionCompleted(returnId, 'ams-1', [inspectedLine({ sku: 'JKT' })])),
    );

    expect(inventory.latency.samples).toEqual([expect.objectContaining({ units: 1, seconds: 90 })]);
  });

  it('publishes nothing for an inspection that received no units', async () => {
    const inventory = inMemoryInventory();

    await inventory.restockInspection.execute(
      inventory.tx,
      RestockInspectionCommand.of(
        inspectionCompleted(randomUUID(), 'ams-1', [inspectedLine({ sku: 'JKT', receivedQuantity: 0 })]),
      ),
    );

    expect(inventory.events.published).toEqual([]);
  });

  it('cannot be built with a negative number of received units', () => {
    const inspection = inspectionCompleted(randomUUID(), 'ams-1', [
      inspectedLine({ sku: 'JKT', receivedQuantity: -1 }),
    ]);

    expect(() => RestockInspectionCommand.of(inspection)).toThrow(DomainError);
  });
});
