import { randomUUID } from 'node:crypto';
import { ReplacementAllocated, ReplacementReleased, StockLevelChanged } from '@rebound/contracts';
import { inMemoryInventory } from '../../../../test/fakes/in-memory-inventory';
import { stocked } from '../../../../test/fakes/stocked';
import { approvedWithExchanges, exchangeOrdered, returnCancelled } from '../../../../test/support/fixtures';
import { ReleaseReplacementsCommand } from '../release-replacements/release-replacements.command';
import { ReserveReplacementsCommand } from '../reserve-replacements/reserve-replacements.command';

async function held(inventory: ReturnType<typeof inMemoryInventory>, returnId: string): Promise<void> {
  await stocked(inventory, 'BOOT-42', { 'ams-1': 3 });
  await inventory.reserveReplacements.execute(
    inventory.tx,
    ReserveReplacementsCommand.fromApproval(
      approvedWithExchanges(returnId, [{ lineId: 'boots', sku: 'BOOT-42', quantity: 2 }]),
    ),
  );
  inventory.events.published.splice(0);
}

describe('AllocateReplacements', () => {
  it('hands the held units to the exchange order: they leave the stock', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await held(inventory, returnId);

    await inventory.allocateReplacements.execute(
      inventory.tx,
      exchangeOrdered(returnId, [{ lineId: 'boots', sku: 'BOOT-42', quantity: 2, warehouseId: 'ams-1' }]),
    );

    expect(inventory.stock.level('BOOT-42', 'ams-1')?.buckets).toMatchObject({ sellable: 1, reserved: 0 });
    expect(inventory.events.ofType(ReplacementAllocated)).toEqual([
      { returnId, lineId: 'boots', sku: 'BOOT-42', quantity: 2, warehouseId: 'ams-1', allocatedAt: expect.any(String) },
    ]);
    expect(inventory.events.ofType(StockLevelChanged)).toEqual([expect.objectContaining({ sellable: 1, reserved: 0 })]);
    expect(inventory.stock.ledger.at(-1)?.movement).toMatchObject({
      reason: 'replacement_allocated',
      lines: [{ bucket: 'reserved', quantityDelta: -2 }],
    });
  });

  it('takes nothing again when the order is heard again, and a later cancellation releases nothing', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await held(inventory, returnId);
    const order = exchangeOrdered(returnId, [{ lineId: 'boots', sku: 'BOOT-42', quantity: 2, warehouseId: 'ams-1' }]);

    await inventory.allocateReplacements.execute(inventory.tx, order);
    await inventory.allocateReplacements.execute(inventory.tx, order);
    await inventory.releaseReplacements.execute(
      inventory.tx,
      ReleaseReplacementsCommand.cancelled(returnCancelled(returnId)),
    );

    expect(inventory.events.ofType(ReplacementAllocated)).toHaveLength(1);
    expect(inventory.events.ofType(ReplacementReleased)).toEqual([]);
    expect(inventory.stock.level('BOOT-42', 'ams-1')?.buckets).toMatchObject({ sellable: 1, reserved: 0 });
  });

  it('refuses, taking nothing, an order with a line nothing is held for', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await held(inventory, returnId);

    const refusal = inventory.allocateReplacements.execute(
      inventory.tx,
      exchangeOrdered(returnId, [
        { lineId: 'boots', sku: 'BOOT-42', quantity: 2, warehouseId: 'ams-1' },
        { lineId: 'scarf', sku: 'SCARF-1', quantity: 1, warehouseId: 'ams-1' },
      ]),
    );

    await expect(refusal).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'replacement-not-held',
      message: expect.stringContaining('line scarf has no SCARF-1 held'),
    });
    expect(inventory.stock.level('BOOT-42', 'ams-1')?.buckets).toMatchObject({ sellable: 1, reserved: 2 });
    expect(inventory.events.published).toEqual([]);
  });

  it('refuses an order that ships from another warehouse than the one holding the units', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await held(inventory, returnId);

    const refusal = inventory.allocateReplacements.execute(
      inventory.tx,
      exchangeOrdered(returnId, [{ lineId: 'boots', sku: 'BOOT-42', quantity: 2, warehouseId: 'ber-1' }]),
    );

    await expect(refusal).rejects.toMatchObject({
      code: 'replacement-not-held',
      message: expect.stringContaining('but 2 of BOOT-42 are held at ams-1'),
    });
  });
});
