import { randomUUID } from 'node:crypto';
import { ReplacementReleased, StockLevelChanged } from '@rebound/contracts';
import { inMemoryInventory } from '../../../../test/fakes/in-memory-inventory';
import { stocked } from '../../../../test/fakes/stocked';
import { approvedWithExchanges, returnCancelled, returnExpired } from '../../../../test/support/fixtures';
import { ReserveReplacementsCommand } from '../reserve-replacements/reserve-replacements.command';
import { ReleaseReplacementsCommand } from './release-replacements.command';

async function heldForTwoLines(inventory: ReturnType<typeof inMemoryInventory>, returnId: string): Promise<void> {
  await stocked(inventory, 'BOOT-42', { 'ams-1': 3 });
  await stocked(inventory, 'CAP-1', { 'ber-1': 1 });
  await inventory.reserveReplacements.execute(
    inventory.tx,
    ReserveReplacementsCommand.fromApproval(
      approvedWithExchanges(returnId, [
        { lineId: 'boots', sku: 'BOOT-42', quantity: 2 },
        { lineId: 'cap', sku: 'CAP-1', quantity: 1 },
      ]),
    ),
  );
  inventory.events.published.splice(0);
}

describe('ReleaseReplacements', () => {
  it('puts every replacement a cancelled return held back on sale, saying why', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await heldForTwoLines(inventory, returnId);

    await inventory.releaseReplacements.execute(
      inventory.tx,
      ReleaseReplacementsCommand.cancelled(returnCancelled(returnId)),
    );

    expect(inventory.events.ofType(ReplacementReleased)).toEqual([
      {
        returnId,
        lineId: 'boots',
        sku: 'BOOT-42',
        quantity: 2,
        warehouseId: 'ams-1',
        reason: 'cancelled',
        releasedAt: expect.any(String),
      },
      {
        returnId,
        lineId: 'cap',
        sku: 'CAP-1',
        quantity: 1,
        warehouseId: 'ber-1',
        reason: 'cancelled',
        releasedAt: expect.any(String),
      },
    ]);
    expect(
      inventory.events.ofType(StockLevelChanged).map((level) => [level.sku, level.sellable, level.reserved]),
    ).toEqual([
      ['BOOT-42', 3, 0],
      ['CAP-1', 1, 0],
    ]);
    expect(inventory.stock.ledger.at(-1)?.movement).toMatchObject({
      reason: 'replacement_released',
      note: 'cancelled',
      lines: [
        { bucket: 'reserved', quantityDelta: -1 },
        { bucket: 'sellable', quantityDelta: 1 },
      ],
    });
  });

  it('releases an expired return’s replacements as expired, and nothing the second time', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await heldForTwoLines(inventory, returnId);
    const command = ReleaseReplacementsCommand.expired(returnExpired(returnId));

    await inventory.releaseReplacements.execute(inventory.tx, command);
    await inventory.releaseReplacements.execute(inventory.tx, command);

    expect(inventory.events.ofType(ReplacementReleased).map((event) => event.reason)).toEqual(['expired', 'expired']);
    expect(inventory.stock.level('BOOT-42', 'ams-1')?.buckets).toMatchObject({ sellable: 3, reserved: 0 });
  });

  it('does nothing for a return that never held a replacement', async () => {
    const inventory = inMemoryInventory();

    await inventory.releaseReplacements.execute(
      inventory.tx,
      ReleaseReplacementsCommand.cancelled(returnCancelled(randomUUID())),
    );

    expect(inventory.events.published).toEqual([]);
  });
});
