/** PgExpectedReturnsStore on real Postgres: approved returns remembered once, early arrivals held and taken. */
import { randomUUID } from 'node:crypto';
import type { ExpectedReturn } from '../../src/domain/ports';
import { PgExpectedReturnsStore } from '../../src/persistence/pg-expected-returns.store';
import { useQcSchema } from './qc-schema';

jest.setTimeout(30_000);

function expectedReturn(): ExpectedReturn {
  return {
    returnId: randomUUID(),
    orderId: 'order-1',
    lines: [{ lineId: 'jacket', sku: 'SKU-JACKET', category: 'apparel', quantity: 2 }],
    refundableFractions: { A: 1, B: 0.9 },
  };
}

describe('PgExpectedReturnsStore', () => {
  const dataSource = useQcSchema('qc_expected_returns_store');
  const store = () => new PgExpectedReturnsStore(dataSource().manager);

  it('remembers an approved return once and finds it as remembered', async () => {
    const expected = expectedReturn();

    expect(await store().rememberReturn(expected)).toBe(true);
    expect(await store().rememberReturn({ ...expected, orderId: 'order-2' })).toBe(false);

    expect(await store().findReturn(expected.returnId)).toEqual(expected);
    expect(await store().findReturn(randomUUID())).toBeUndefined();
  });

  it('holds an early arrival once and hands it over exactly once', async () => {
    const arrival = { returnId: randomUUID(), warehouseId: 'wh-berlin', arrivedAt: new Date('2030-01-01T09:00:00Z') };

    expect(await store().holdArrival(arrival)).toBe(true);
    expect(await store().holdArrival({ ...arrival, warehouseId: 'wh-hamburg' })).toBe(false);

    expect(await store().takeArrival(arrival.returnId)).toEqual(arrival);
    expect(await store().takeArrival(arrival.returnId)).toBeUndefined();
  });
});
