import { DomainError } from '@rebound/kernel';
import { StockLevelChanged } from '@rebound/contracts';
import { inMemoryInventory } from '../../../../test/fakes/in-memory-inventory';
import type { Movement } from '../../ports';
import { ChangeStockCommand } from './change-stock.command';

const at = new Date('2026-03-01T10:00:00Z');

function movement(lines: Movement['lines']): Movement {
  return { sourceId: 'request:k-1', reason: 'adjustment', occurredAt: at, lines };
}

describe('ChangeStock', () => {
  it('applies every change, records the movement and announces each new level', async () => {
    const inventory = inMemoryInventory();
    const lines = [
      { sku: 'JKT', warehouseId: 'ams-1', bucket: 'sellable' as const, quantityDelta: 3 },
      { sku: 'JKT', warehouseId: 'ams-1', bucket: 'scrap' as const, quantityDelta: 1 },
      { sku: 'CAP', warehouseId: 'ams-1', bucket: 'sellable' as const, quantityDelta: 2 },
    ];

    const levels = await inventory.changeStock.execute(inventory.tx, ChangeStockCommand.of(lines, movement(lines), at));

    expect(levels.map((level) => [level.sku, level.version])).toEqual([
      ['JKT', 1],
      ['CAP', 1],
    ]);
    expect(inventory.stock.level('JKT', 'ams-1')?.buckets).toMatchObject({ sellable: 3, scrap: 1 });
    expect(inventory.stock.ledger).toHaveLength(1);
    expect(inventory.events.ofType(StockLevelChanged)).toEqual([
      expect.objectContaining({ sku: 'JKT', sellable: 3, scrap: 1, version: 1, changedAt: at.toISOString() }),
      expect.objectContaining({ sku: 'CAP', sellable: 2, version: 1 }),
    ]);
  });

  it('refuses the whole movement with every shortfall when a bucket would go below zero', async () => {
    const inventory = inMemoryInventory();
    const stocked = [{ sku: 'JKT', warehouseId: 'ams-1', bucket: 'sellable' as const, quantityDelta: 1 }];
    await inventory.changeStock.execute(inventory.tx, ChangeStockCommand.of(stocked, movement(stocked), at));
    const taken = [
      { sku: 'JKT', warehouseId: 'ams-1', bucket: 'sellable' as const, quantityDelta: -2 },
      { sku: 'CAP', warehouseId: 'ams-1', bucket: 'sellable' as const, quantityDelta: -1 },
    ];

    const refusal = inventory.changeStock.execute(inventory.tx, ChangeStockCommand.of(taken, movement(taken), at));

    await expect(refusal).rejects.toMatchObject({
      kind: 'conflict',
      code: 'insufficient-stock',
      title: 'Request cannot be carried out',
      extensions: {
        shortfalls: expect.arrayContaining([
          { sku: 'CAP', warehouseId: 'ams-1', bucket: 'sellable', available: 0, requested: 1 },
          { sku: 'JKT', warehouseId: 'ams-1', bucket: 'sellable', available: 1, requested: 2 },
        ]),
      },
    });
    expect(inventory.stock.ledger).toHaveLength(1);
    expect(inventory.stock.level('JKT', 'ams-1')?.buckets.sellable).toBe(1);
  });

  it('moves expected inbound without a ledger entry when there is no movement', async () => {
    const inventory = inMemoryInventory();

    await inventory.changeStock.execute(
      inventory.tx,
      ChangeStockCommand.of([{ sku: 'JKT', warehouseId: 'ams-1', inboundDelta: 2 }], null, at),
    );

    expect(inventory.stock.level('JKT', 'ams-1')?.expectedInbound).toBe(2);
    expect(inventory.stock.ledger).toEqual([]);
  });

  it('cannot be asked to change nothing, or by part of a unit', () => {
    expect(() => ChangeStockCommand.of([], null, at)).toThrow(DomainError);
    expect(() =>
      ChangeStockCommand.of([{ sku: 'JKT', warehouseId: 'ams-1', bucket: 'sellable', quantityDelta: 0.5 }], null, at),
    ).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ field: 'changes[0].quantityDelta' })] }));
  });
});
