import { randomUUID } from 'node:crypto';
import {
  ReplacementReleased,
  ReplacementReservationFailed,
  ReplacementReserved,
  StockLevelChanged,
} from '@rebound/contracts';
import { inMemoryInventory } from '../../../../test/fakes/in-memory-inventory';
import { stocked } from '../../../../test/fakes/stocked';
import { approvedWithExchanges, exchangeFor, resolutionChanged } from '../../../../test/support/fixtures';
import { ReserveReplacementsCommand } from '../reserve-replacements/reserve-replacements.command';
import { ChangeLineResolutionCommand } from './change-line-resolution.command';

async function approvedAndHeld(inventory: ReturnType<typeof inMemoryInventory>, returnId: string): Promise<void> {
  await stocked(inventory, 'BOOT-42', { 'ams-1': 1 });
  await stocked(inventory, 'BOOT-43', { 'ber-1': 4 });
  await inventory.reserveReplacements.execute(
    inventory.tx,
    ReserveReplacementsCommand.fromApproval(
      approvedWithExchanges(returnId, [{ lineId: 'boots', sku: 'BOOT-42', quantity: 1 }]),
    ),
  );
  inventory.events.published.splice(0);
}

describe('ChangeLineResolution', () => {
  it('puts what the line held back on sale and holds the next choice instead', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await approvedAndHeld(inventory, returnId);

    await inventory.changeLineResolution.execute(
      inventory.tx,
      ChangeLineResolutionCommand.of(resolutionChanged(returnId, 'boots', exchangeFor('BOOT-43', 2))),
    );

    expect(inventory.events.ofType(ReplacementReleased)).toEqual([
      expect.objectContaining({ returnId, lineId: 'boots', sku: 'BOOT-42', warehouseId: 'ams-1', reason: 'replaced' }),
    ]);
    expect(inventory.events.ofType(ReplacementReserved)).toEqual([
      expect.objectContaining({ returnId, lineId: 'boots', sku: 'BOOT-43', quantity: 2, warehouseId: 'ber-1' }),
    ]);
    expect(inventory.stock.level('BOOT-42', 'ams-1')?.buckets).toMatchObject({ sellable: 1, reserved: 0 });
    expect(inventory.stock.level('BOOT-43', 'ber-1')?.buckets).toMatchObject({ sellable: 2, reserved: 2 });
    expect(inventory.events.ofType(StockLevelChanged).map((level) => [level.sku, level.reserved])).toEqual([
      ['BOOT-42', 0],
      ['BOOT-43', 2],
    ]);
  });

  it('only releases when the line falls back to a refund', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await approvedAndHeld(inventory, returnId);

    await inventory.changeLineResolution.execute(
      inventory.tx,
      ChangeLineResolutionCommand.of(resolutionChanged(returnId, 'boots', { kind: 'refund' })),
    );

    expect(inventory.events.types).toEqual(['StockLevelChanged', 'ReplacementReleased']);
    expect(inventory.reservations.kept).toEqual([
      expect.objectContaining({ lineId: 'boots', status: 'released', releaseReason: 'replaced' }),
    ]);
  });

  it('holds the next choice of a line whose first choice could not be held, and announces it if it cannot either', async () => {
    const inventory = inMemoryInventory();
    const returnId = randomUUID();
    await stocked(inventory, 'BOOT-43', { 'ber-1': 1 });

    await inventory.changeLineResolution.execute(
      inventory.tx,
      ChangeLineResolutionCommand.of(resolutionChanged(returnId, 'boots', exchangeFor('BOOT-43', 1))),
    );
    await inventory.changeLineResolution.execute(
      inventory.tx,
      ChangeLineResolutionCommand.of(resolutionChanged(returnId, 'scarf', exchangeFor('BOOT-43', 1))),
    );

    expect(inventory.events.ofType(ReplacementReleased)).toEqual([]);
    expect(inventory.events.ofType(ReplacementReserved).map((event) => event.lineId)).toEqual(['boots']);
    expect(inventory.events.ofType(ReplacementReservationFailed)).toEqual([
      expect.objectContaining({ lineId: 'scarf', sellable: 0 }),
    ]);
  });
});
