import { randomUUID } from 'node:crypto';
import { DomainError } from '@rebound/kernel';
import { ReplacementReservationFailed, ReplacementReserved, StockLevelChanged } from '@rebound/contracts';
import { inMemoryInventory } from '../../../../test/fakes/in-memory-inventory';
import { stocked } from '../../../../test/fakes/stocked';
import { approvedWithExchanges } from '../../../../test/support/fixtures';
import { ReserveReplacementsCommand } from './reserve-replacements.command';

describe('ReserveReplacements', () => {
  it('holds the replacement at the warehouse with the most sellable units, out of what channels may sell', async () => {
    const inventory = inMemoryInventory();
    await stocked(inventory, 'BOOT-42', { 'ams-1': 2, 'ber-1': 5 });
    const returnId = randomUUID();

    await inventory.reserveReplacements.execute(
      inventory.tx,
      ReserveReplacementsCommand.fromApproval(
        approvedWithExchanges(returnId, [{ lineId: 'boots', sku: 'BOOT-42', quantity: 2 }]),
      ),
    );

    expect(inventory.stock.level('BOOT-42', 'ber-1')?.buckets).toMatchObject({ sellable: 3, reserved: 2 });
    expect(inventory.stock.level('BOOT-42', 'ams-1')?.buckets).toMatchObject({ sellable: 2, reserved: 0 });
    expect(inventory.events.ofType(ReplacementReserved)).toEqual([
      { returnId, lineId: 'boots', sku: 'BOOT-42', quantity: 2, warehouseId: 'ber-1', reservedAt: expect.any(String) },
    ]);
    expect(inventory.events.ofType(StockLevelChanged)).toEqual([
      expect.objectContaining({ sku: 'BOOT-42', warehouseId: 'ber-1', sellable: 3, reserved: 2 }),
    ]);
    expect(inventory.stock.ledger.at(-1)?.movement).toMatchObject({
      reason: 'replacement_reserved',
      returnId,
      reference: 'boots',
      lines: [
        { sku: 'BOOT-42', warehouseId: 'ber-1', bucket: 'sellable', quantityDelta: -2 },
        { sku: 'BOOT-42', warehouseId: 'ber-1', bucket: 'reserved', quantityDelta: 2 },
      ],
    });
  });

  it('takes the first warehouse by id when several have as many', async () => {
    const inventory = inMemoryInventory();
    await stocked(inventory, 'BOOT-42', { 'rtm-1': 3, 'ams-1': 3 });

    await inventory.reserveReplacements.execute(
      inventory.tx,
      ReserveReplacementsCommand.fromApproval(
        approvedWithExchanges(randomUUID(), [{ lineId: 'boots', sku: 'BOOT-42', quantity: 1 }]),
      ),
    );

    expect(inventory.events.ofType(ReplacementReserved)).toEqual([expect.objectContaining({ warehouseId: 'ams-1' })]);
  });

  it('announces that no one warehouse has enough, with the most one has, and holds nothing', async () => {
    const inventory = inMemoryInventory();
    await stocked(inventory, 'BOOT-42', { 'ams-1': 2, 'ber-1': 2 });
    const returnId = randomUUID();

    await inventory.reserveReplacements.execute(
      inventory.tx,
      ReserveReplacementsCommand.fromApproval(
        approvedWithExchanges(returnId, [
          { lineId: 'boots', sku: 'BOOT-42', quantity: 3 },
          { lineId: 'scarf', sku: 'SCARF-NEVER-STOCKED', quantity: 1 },
        ]),
      ),
    );

    expect(inventory.events.ofType(ReplacementReservationFailed)).toEqual([
      { returnId, lineId: 'boots', sku: 'BOOT-42', quantity: 3, sellable: 2, checkedAt: expect.any(String) },
      {
        returnId,
        lineId: 'scarf',
        sku: 'SCARF-NEVER-STOCKED',
        quantity: 1,
        sellable: 0,
        checkedAt: expect.any(String),
      },
    ]);
    expect(inventory.events.ofType(StockLevelChanged)).toEqual([]);
    expect(inventory.reservations.kept).toEqual([]);
  });

  it('lets the first of two lines wanting the last unit have it, and announces the second as failed', async () => {
    const inventory = inMemoryInventory();
    await stocked(inventory, 'BOOT-42', { 'ams-1': 1 });

    await inventory.reserveReplacements.execute(
      inventory.tx,
      ReserveReplacementsCommand.fromApproval(
        approvedWithExchanges(randomUUID(), [
          { lineId: 'left', sku: 'BOOT-42', quantity: 1 },
          { lineId: 'right', sku: 'BOOT-42', quantity: 1 },
        ]),
      ),
    );

    expect(inventory.events.ofType(ReplacementReserved).map((event) => event.lineId)).toEqual(['left']);
    expect(inventory.events.ofType(ReplacementReservationFailed).map((event) => event.lineId)).toEqual(['right']);
    expect(inventory.stock.level('BOOT-42', 'ams-1')?.buckets).toMatchObject({ sellable: 0, reserved: 1 });
  });

  it('holds nothing twice when the approval is heard again', async () => {
    const inventory = inMemoryInventory();
    await stocked(inventory, 'BOOT-42', { 'ams-1': 5 });
    const command = ReserveReplacementsCommand.fromApproval(
      approvedWithExchanges(randomUUID(), [{ lineId: 'boots', sku: 'BOOT-42', quantity: 1 }]),
    );

    await inventory.reserveReplacements.execute(inventory.tx, command);
    await inventory.reserveReplacements.execute(inventory.tx, command);

    expect(inventory.events.ofType(ReplacementReserved)).toHaveLength(1);
    expect(inventory.stock.level('BOOT-42', 'ams-1')?.buckets).toMatchObject({ sellable: 4, reserved: 1 });
  });

  it('does nothing for an approval without exchanges', async () => {
    const inventory = inMemoryInventory();

    await inventory.reserveReplacements.execute(
      inventory.tx,
      ReserveReplacementsCommand.fromApproval(approvedWithExchanges(randomUUID(), [])),
    );

    expect(inventory.events.published).toEqual([]);
  });

  it('cannot be asked to hold part of a unit', () => {
    const approval = approvedWithExchanges(randomUUID(), [{ lineId: 'boots', sku: 'BOOT-42', quantity: 1.5 }]);

    expect(() => ReserveReplacementsCommand.fromApproval(approval)).toThrow(DomainError);
  });
});
