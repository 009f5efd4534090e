/** PgRestockStore on real Postgres: restocked units, their latency once delivery is known, the percentiles. */
import { randomUUID } from 'node:crypto';
import { PgRestockStore } from '../../src/persistence/pg-restock.store';
import { freshSku } from '../support/fixtures';
import { useInventoryDatabase } from '../support/inventory-database';

const database = useInventoryDatabase('inventory_restock_store');
const deliveredAt = new Date('2026-03-01T10:00:00.000Z');
const restockedAt = new Date('2026-03-01T11:00:00.000Z');

describe('PgRestockStore', () => {
  it('measures each restocked line once, from delivery to restock', async () => {
    const returnId = randomUUID();
    const sku = freshSku();
    const store = new PgRestockStore(database().dataSource.manager);
    const units = { returnId, lineId: 'l1', sku, warehouseId: 'ams-1', units: 3, restockedAt };
    await store.recordRestocked([units]);
    await store.recordRestocked([units]);

    expect(await store.completeLatency(returnId, deliveredAt)).toEqual([{ ...units, seconds: 3600 }]);
    expect(await store.completeLatency(returnId, deliveredAt)).toEqual([]);
  });

  it('gives percentiles over units restocked since a time', async () => {
    const store = new PgRestockStore(database().dataSource.manager);
    const since = new Date('2030-01-01T00:00:00.000Z');
    expect(await store.restockLatency(since)).toEqual({ units: 0, p50Seconds: null, p95Seconds: null });
    const returnId = randomUUID();
    const inFuture = new Date('2030-01-02T00:00:00.000Z');
    await store.recordRestocked([
      { returnId, lineId: 'l1', sku: freshSku(), warehouseId: 'ams-1', units: 2, restockedAt: inFuture },
    ]);
    await store.completeLatency(returnId, new Date(inFuture.getTime() - 600_000));

    expect(await store.restockLatency(since)).toEqual({ units: 2, p50Seconds: 600, p95Seconds: 600 });
  });
});
