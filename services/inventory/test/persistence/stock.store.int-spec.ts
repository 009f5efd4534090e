/** PgStockStore on real Postgres: locked levels, the ledger, and the reads the API pages through. */
import type { Movement } from '../../src/domain/ports';
import type { StockLevel } from '../../src/domain/stock';
import { PgStockStore } from '../../src/persistence/pg-stock.store';
import { freshSku } from '../support/fixtures';
import { useInventoryDatabase } from '../support/inventory-database';

const database = useInventoryDatabase('inventory_stock_store');
const at = new Date('2026-03-01T10:00:00.000Z');

function restocked(level: StockLevel, sellable: number): StockLevel {
  return { ...level, buckets: { ...level.buckets, sellable }, version: level.version + 1, updatedAt: at };
}

function movement(sku: string, warehouseId: string, sourceId: string, quantityDelta: number): Movement {
  return {
    sourceId,
    reason: 'adjustment',
    occurredAt: at,
    lines: [{ sku, warehouseId, bucket: 'sellable', quantityDelta }],
    movedBy: { subject: 'wms-bot', clientId: 'wms' },
  };
}

describe('PgStockStore', () => {
  it('creates unknown levels empty, in key order, and keeps what is saved', async () => {
    const sku = freshSku();
    await database().transaction(async (manager) => {
      const store = new PgStockStore(manager);
      const levels = await store.lockLevels([
        { sku, warehouseId: 'rtm-1' },
        { sku, warehouseId: 'ams-1' },
      ]);
      expect(levels.map((level) => [level.warehouseId, level.version, level.buckets.sellable])).toEqual([
        ['ams-1', 0, 0],
        ['rtm-1', 0, 0],
      ]);
      await store.saveLevel(restocked(levels[0], 4));
    });

    const store = new PgStockStore(database().dataSource.manager);
    expect(await store.levelsOf(sku)).toEqual([
      expect.objectContaining({ warehouseId: 'ams-1', version: 1, buckets: expect.objectContaining({ sellable: 4 }) }),
    ]);
  });

  it('locks every level of the skus asked for, at every warehouse, in key order, and keeps reserved units', async () => {
    const [boots, cap, other] = [freshSku('BOOT'), freshSku('CAP'), freshSku('OTHER')];
    await database().transaction(async (manager) => {
      const store = new PgStockStore(manager);
      const levels = await store.lockLevels([
        { sku: boots, warehouseId: 'rtm-1' },
        { sku: boots, warehouseId: 'ams-1' },
        { sku: cap, warehouseId: 'ams-1' },
        { sku: other, warehouseId: 'ams-1' },
      ]);
      for (const level of levels) {
        await store.saveLevel({ ...restocked(level, 1), buckets: { ...level.buckets, sellable: 1, reserved: 2 } });
      }
    });

    const locked = await database().transaction((manager) => new PgStockStore(manager).lockLevelsOf([cap, boots]));

    expect(locked.map((level) => [level.sku, level.warehouseId, level.buckets.reserved])).toEqual([
      [boots, 'ams-1', 2],
      [boots, 'rtm-1', 2],
      [cap, 'ams-1', 2],
    ]);
  });

  it('pages the ledger newest first, with who moved the stock', async () => {
    const sku = freshSku();
    await database().transaction(async (manager) => {
      const store = new PgStockStore(manager);
      for (const [index, delta] of [3, -1, 2].entries()) {
        await store.appendLedger(movement(sku, 'ams-1', `request:${sku}-${index}`, delta), at);
      }
    });
    const store = new PgStockStore(database().dataSource.manager);

    const first = await store.ledgerOf(sku, 2);
    const rest = await store.ledgerOf(sku, 2, first[1].entryId);

    expect(first.map((entry) => entry.quantityDelta)).toEqual([2, -1]);
    expect(rest.map((entry) => entry.quantityDelta)).toEqual([3]);
    expect(rest[0]).toMatchObject({ reason: 'adjustment', movedBy: { subject: 'wms-bot', clientId: 'wms' } });
  });

  it('finds the levels that disagree with their ledger, window by window', async () => {
    const sku = freshSku('CHK');
    await database().transaction(async (manager) => {
      const store = new PgStockStore(manager);
      const [ams, rtm] = await store.lockLevels([
        { sku, warehouseId: 'ams-1' },
        { sku, warehouseId: 'rtm-1' },
      ]);
      await store.saveLevel(restocked(ams, 2));
      await store.appendLedger(movement(sku, 'ams-1', `request:${sku}-a`, 2), at);
      await store.saveLevel(restocked(rtm, 5));
      await store.appendLedger(movement(sku, 'rtm-1', `request:${sku}-r`, 4), at);
    });
    const store = new PgStockStore(database().dataSource.manager);
    const before = { sku, warehouseId: '' };

    const [first] = await store.levelKeys(1, before);
    expect(first).toEqual({ sku, warehouseId: 'ams-1' });
    expect(await store.mismatches(before, first)).toEqual([]);
    const [second] = await store.levelKeys(1, first);
    expect(await store.mismatches(first, second)).toEqual([
      { sku, warehouseId: 'rtm-1', measure: 'sellable', level: 5, recomputed: 4 },
    ]);
  });
});
