/** PgParcelStore on real Postgres: what was heard of a return, and its lines expected until cleared. */
import { randomUUID } from 'node:crypto';
import { PgParcelStore } from '../../src/persistence/pg-parcel.store';
import { freshSku } from '../support/fixtures';
import { useInventoryDatabase } from '../support/inventory-database';

const database = useInventoryDatabase('inventory_parcel_store');
const at = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-01T12:00:00.000Z');

describe('PgParcelStore', () => {
  it('keeps the first time of each fact and says what was known with it', async () => {
    const returnId = randomUUID();
    const store = new PgParcelStore(database().dataSource.manager);

    expect(await store.noteReturn(returnId, 'delivered', at)).toEqual({
      returnId,
      inspectedAt: null,
      deliveredAt: at,
    });
    expect(await store.noteReturn(returnId, 'inspected', later)).toEqual({
      returnId,
      inspectedAt: null,
      deliveredAt: at,
    });
    expect(await store.noteReturn(returnId, 'delivered', later)).toEqual({
      returnId,
      inspectedAt: later,
      deliveredAt: at,
    });
  });

  it('expects each line once and clears what is still on its way', async () => {
    const returnId = randomUUID();
    const sku = freshSku();
    const store = new PgParcelStore(database().dataSource.manager);
    const line = { returnId, lineId: 'l1', sku, warehouseId: 'ams-1', quantity: 2 };

    expect(await store.expectInbound([line], at)).toEqual([line]);
    expect(await store.expectInbound([line], later)).toEqual([]);
    expect(await store.clearInbound(returnId, later)).toEqual([line]);
    expect(await store.clearInbound(returnId, later)).toEqual([]);
  });
});
