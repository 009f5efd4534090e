/**
 * Stock movements from WMS/OMS over REST, on real Postgres: idempotent under their key, all lines or
 * none, never below zero even when requests race, and a ledger the levels always agree with.
 */
import { randomUUID } from 'node:crypto';
import { freshSku } from './support/fixtures';
import { useInventoryWorld } from './support/inventory-world';

jest.setTimeout(60_000);

const WAREHOUSE = 'wh-hamburg';

describe('stock movements', () => {
  const world = useInventoryWorld('inventory-movements');

  /** `key` null: sent without an Idempotency-Key. */
  function move(body: object, key: string | null = randomUUID()) {
    return world().http('POST', '/v1/stock/movements', body, key === null ? {} : { 'idempotency-key': key });
  }

  const sellable = async (sku: string) => (await world().http('GET', `/v1/stock/${sku}`)).body.totals.sellable;

  it('records a movement once per Idempotency-Key, answers a retry with the same movement, and refuses the key for another', async () => {
    const sku = freshSku();
    const body = {
      reason: 'found',
      reference: 'count-2026-11',
      lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: 4 }],
    };
    const key = randomUUID();

    const first = await move(body, key);
    const again = await move(body, key);
    const other = await move({ ...body, lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: 5 }] }, key);

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      movementId: key,
      reason: 'found',
      reference: 'count-2026-11',
      lines: [{ sku, warehouseId: WAREHOUSE, bucket: 'sellable', quantityDelta: 4, levelAfter: 4 }],
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(other.status).toBe(409);
    expect(other.body.type).toBe('https://rebound.dev/problems/idempotency-key-reused');
    expect(await sellable(sku)).toBe(4);
  });

  it("records the token's subject and client as who moved stock, and a retry by another caller keeps the first", async () => {
    const sku = freshSku();
    const body = { reason: 'found', lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: 2 }] };
    const key = { 'idempotency-key': randomUUID() };
    const warehouse = await world().issuer.authorization({
      subject: 'wms-7',
      clientId: 'rebound-warehouse',
      permissions: ['stock:write', 'stock:read'],
    });
    const ops = await world().issuer.authorization({
      subject: 'ops-anna',
      clientId: 'rebound-ops',
      permissions: ['stock:write', 'stock:read'],
    });

    const moved = await world().http('POST', '/v1/stock/movements', body, { ...warehouse, ...key });
    const retried = await world().http('POST', '/v1/stock/movements', body, { ...ops, ...key });
    const ledger = await world().http('GET', `/v1/stock/${sku}/ledger`, undefined, ops);

    const wms7 = { subject: 'wms-7', clientId: 'rebound-warehouse' };
    expect(moved.status).toBe(201);
    expect(moved.body.movedBy).toEqual(wms7);
    expect(retried.status).toBe(200);
    expect(retried.body.movedBy).toEqual(wms7);
    expect(ledger.body.items).toEqual([expect.objectContaining({ quantityDelta: 2, movedBy: wms7 })]);
  });

  it('never sells more than is sellable, however many sales race for the last units', async () => {
    const sku = freshSku();
    expect((await move({ reason: 'found', lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: 5 }] })).status).toBe(
      201,
    );

    const sales = await Promise.all(
      Array.from({ length: 20 }, () =>
        move({ reason: 'sale', lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: -1 }] }),
      ),
    );

    expect(sales.filter((sale) => sale.status === 201)).toHaveLength(5);
    const refused = sales.filter((sale) => sale.status === 409);
    expect(refused).toHaveLength(15);
    expect(refused[0].body).toMatchObject({
      type: 'https://rebound.dev/problems/insufficient-stock',
      shortfalls: [{ sku, warehouseId: WAREHOUSE, bucket: 'sellable', available: 0, requested: 1 }],
    });
    expect(await sellable(sku)).toBe(0);
    const ledger = (await world().http('GET', `/v1/stock/${sku}/ledger?limit=100`)).body.items;
    expect(ledger.map((entry: { quantityDelta: number }) => entry.quantityDelta)).toEqual([-1, -1, -1, -1, -1, 5]);
  });

  it('refuses a whole movement when one of its lines would oversell, and keeps its key free for a retry', async () => {
    const [shirt, shoes] = [freshSku('SHIRT'), freshSku('SHOES')];
    await move({ reason: 'found', lines: [{ sku: shirt, warehouseId: WAREHOUSE, quantityDelta: 3 }] });
    const key = randomUUID();
    const transfer = {
      reason: 'transfer_out',
      lines: [
        { sku: shirt, warehouseId: WAREHOUSE, quantityDelta: -2 },
        { sku: shoes, warehouseId: WAREHOUSE, quantityDelta: -1 },
      ],
    };

    const refused = await move(transfer, key);

    expect(refused.status).toBe(409);
    expect(refused.body.shortfalls).toEqual([
      { sku: shoes, warehouseId: WAREHOUSE, bucket: 'sellable', available: 0, requested: 1 },
    ]);
    expect(await sellable(shirt)).toBe(3);
    await move({ reason: 'found', lines: [{ sku: shoes, warehouseId: WAREHOUSE, quantityDelta: 1 }] });
    expect((await move(transfer, key)).status).toBe(201);
    expect(await sellable(shirt)).toBe(1);
  });

  it('names every bad field of a movement with 400, and moves nothing', async () => {
    const sku = freshSku();
    await move({ reason: 'found', lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: 1 }] });

    const bad = await move({
      reason: 'return_inspected',
      lines: [
        { sku, warehouseId: WAREHOUSE, quantityDelta: 0 },
        { sku: 'x'.repeat(65), warehouseId: WAREHOUSE, bucket: 'attic', quantityDelta: 1.5 },
      ],
    });
    const noKey = await move({ reason: 'sale', lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: -1 }] }, null);
    const badKey = await move({ reason: 'sale', lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: -1 }] }, 'käse');
    const empty = await move({ reason: 'sale', lines: [] });

    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'lines[0].quantityDelta',
      'lines[1].bucket',
      'lines[1].quantityDelta',
      'lines[1].sku',
      'reason',
    ]);
    expect(noKey.status).toBe(400);
    expect(noKey.body.type).toBe('https://rebound.dev/problems/missing-idempotency-key');
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'lines' })]);
    expect(await sellable(sku)).toBe(1);
  });

  it('pages a sku’s ledger newest first, and refuses a forged cursor', async () => {
    const sku = freshSku();
    for (const quantityDelta of [1, 2, 3]) {
      await move({ reason: 'found', lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta }] });
    }
    const first = (await world().http('GET', `/v1/stock/${sku}/ledger?limit=2`)).body;
    const second = (await world().http('GET', `/v1/stock/${sku}/ledger?limit=2&cursor=${first.nextCursor}`)).body;

    expect(first.items.map((entry: { quantityDelta: number }) => entry.quantityDelta)).toEqual([3, 2]);
    expect(second).toEqual({ items: [expect.objectContaining({ quantityDelta: 1 })], nextCursor: null });
    const forged = Buffer.from(JSON.stringify({ entryId: '99999999999999999999' })).toString('base64url');
    expect((await world().http('GET', `/v1/stock/${sku}/ledger?cursor=${forged}`)).status).toBe(400);
    expect((await world().http('GET', `/v1/stock/${freshSku()}`)).status).toBe(404);
  });

  it('keeps every level equal to the ledger’s sum, and the check says so — or names the level that drifted', async () => {
    const agreed = await world().http('GET', '/v1/ledger/check');
    expect(agreed.body).toMatchObject({ consistent: true, mismatches: [] });
    expect(agreed.body.checkedLevels).toBeGreaterThan(0);

    const sku = freshSku();
    await move({ reason: 'found', lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: 2 }] });
    await world().query(`UPDATE stock_levels SET sellable = sellable + 1 WHERE sku = $1`, [sku]);

    const drifted = await world().http('GET', '/v1/ledger/check');
    expect(drifted.body).toMatchObject({
      consistent: false,
      mismatches: [{ sku, warehouseId: WAREHOUSE, measure: 'sellable', level: 3, recomputed: 2 }],
    });
    await world().query(`UPDATE stock_levels SET sellable = sellable - 1 WHERE sku = $1`, [sku]);
  });

  it('checks the ledger window by window: every level in exactly one window, each drift found once, a window of at most 1000', async () => {
    const [drifted, moved, ...steady] = [freshSku(), freshSku(), freshSku(), freshSku(), freshSku()];
    for (const sku of [drifted, moved, ...steady]) {
      await move({ reason: 'found', lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: 2 }] });
    }
    await world().query(`UPDATE stock_levels SET sellable = sellable + 1 WHERE sku = $1`, [drifted]);
    // The level moves to another warehouse: its ledger's key has no level left, and the level no ledger.
    await world().query(`UPDATE stock_levels SET warehouse_id = 'wh-elsewhere' WHERE sku = $1`, [moved]);

    const windows: { checkedLevels: number; mismatches: { sku: string }[] }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=2&cursor=${cursor}` : 'limit=2';
      const window = await world().http('GET', `/v1/ledger/check?${query}`);
      expect(window.status).toBe(200);
      windows.push(window.body);
      cursor = window.body.nextCursor;
    } while (cursor);
    await world().query(`UPDATE stock_levels SET sellable = sellable - 1 WHERE sku = $1`, [drifted]);
    await world().query(`UPDATE stock_levels SET warehouse_id = $2 WHERE sku = $1`, [moved, WAREHOUSE]);

    const [{ levels }] = (await world().query('SELECT count(*)::int AS levels FROM stock_levels')) as {
      levels: number;
    }[];
    expect(windows.length).toBeGreaterThan(2);
    expect(windows.every((window) => window.checkedLevels <= 2)).toBe(true);
    expect(windows.reduce((sum, window) => sum + window.checkedLevels, 0)).toBe(levels);
    const found = windows
      .flatMap((window) => window.mismatches)
      .filter((mismatch) => [drifted, moved, ...steady].includes(mismatch.sku));
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        { sku: drifted, warehouseId: WAREHOUSE, measure: 'sellable', level: 3, recomputed: 2 },
        { sku: moved, warehouseId: WAREHOUSE, measure: 'sellable', level: 0, recomputed: 2 },
        { sku: moved, warehouseId: 'wh-elsewhere', measure: 'sellable', level: 2, recomputed: 0 },
      ]),
    );

    const tooMany = await world().http('GET', '/v1/ledger/check?limit=1001');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([
      expect.objectContaining({ field: 'limit', message: expect.stringContaining('1000') }),
    ]);
    const forged = Buffer.from(JSON.stringify({ sku: 7, warehouseId: WAREHOUSE })).toString('base64url');
    expect((await world().http('GET', `/v1/ledger/check?cursor=${forged}`)).body.type).toBe(
      'https://rebound.dev/problems/invalid-cursor',
    );
  });
});
