/**
 * Replacements held for exchanges, on real Kafka and Postgres: returns-intake's approvals, changed
 * line resolutions, cancellations, expiries and exchange orders in; ReplacementReserved, -Failed,
 * -Released and -Allocated on inventory.stock.v1, stock levels with `reserved` on the compacted topic,
 * and the stock reads out.
 */
import { randomUUID } from 'node:crypto';
import {
  ExchangeOrderRequested,
  LineResolutionChanged,
  ReturnApproved,
  ReturnCancelled,
  ReturnExpired,
  stockLevelKey,
} from '@rebound/contracts';
import { DeadLetterHeaders } from '@rebound/messaging';
import { asGrpcCarries } from '@rebound/testing';
import {
  approvedWithExchanges,
  exchangeFor,
  exchangeOrdered,
  freshSku,
  resolutionChanged,
  returnCancelled,
  returnExpired,
} from './support/fixtures';
import { useInventoryWorld } from './support/inventory-world';

jest.setTimeout(60_000);

describe('replacements held for exchanges', () => {
  const world = useInventoryWorld('inventory-replacements');

  /** Sellable units of the sku at each warehouse, as a WMS reports them. */
  async function stock(sku: string, sellable: Readonly<Record<string, number>>): Promise<void> {
    const lines = Object.entries(sellable).map(([warehouseId, quantityDelta]) => ({ sku, warehouseId, quantityDelta }));
    const answer = await world().http(
      'POST',
      '/v1/stock/movements',
      { reason: 'adjustment', lines },
      { 'idempotency-key': randomUUID() },
    );
    expect(answer.status).toBe(201);
  }

  async function approve(returnId: string, lineId: string, sku: string, quantity: number): Promise<void> {
    await world().publish(ReturnApproved, approvedWithExchanges(returnId, [{ lineId, sku, quantity }]), returnId);
  }

  async function stockEventsOnceThere(returnId: string, count: number) {
    await world().waitForStockEvents(returnId, `${count} replacement events`, (events) => events.length >= count);
    return world().stockEvents(returnId);
  }

  it('holds the replacement at the warehouse with the most sellable, out of what channels may sell, and announces it', async () => {
    const sku = freshSku('BOOT');
    await stock(sku, { 'wh-ams': 1, 'wh-ber': 3 });
    const returnId = randomUUID();

    await approve(returnId, 'boots', sku, 2);

    const [reserved] = await stockEventsOnceThere(returnId, 1);
    expect(reserved).toMatchObject({
      type: 'ReplacementReserved',
      data: { returnId, lineId: 'boots', sku, quantity: 2, warehouseId: 'wh-ber' },
    });
    const level = await world().stockOnceItHolds(sku, 'two reserved', (body) => body.totals.reserved === 2);
    expect(level.warehouses).toEqual([
      expect.objectContaining({ warehouseId: 'wh-ams', sellable: 1, reserved: 0 }),
      expect.objectContaining({ warehouseId: 'wh-ber', sellable: 1, reserved: 2 }),
    ]);
    expect(level.totals).toMatchObject({ sellable: 2, reserved: 2 });
    const key = stockLevelKey(sku, 'wh-ber');
    await world().waitForLevelEvents(key, 'the reservation’s level', (events) => events.length === 2);
    expect(world().levelEvents(key).at(-1)?.data).toMatchObject({ sellable: 1, reserved: 2, version: 2 });
    expect(await world().grpc.call('GetStock', { sku })).toEqual(asGrpcCarries(level));

    // A channel can sell only what is left.
    const sale = await world().http(
      'POST',
      '/v1/stock/movements',
      { reason: 'sale', lines: [{ sku, warehouseId: 'wh-ber', quantityDelta: -2 }] },
      { 'idempotency-key': randomUUID() },
    );
    expect(sale.status).toBe(409);
    const ledger = (await world().http('GET', `/v1/stock/${sku}/ledger?limit=2`)).body.items;
    expect(ledger).toEqual([
      expect.objectContaining({ bucket: 'reserved', quantityDelta: 2, reason: 'replacement_reserved', returnId }),
      expect.objectContaining({ bucket: 'sellable', quantityDelta: -2, reason: 'replacement_reserved', returnId }),
    ]);
    expect((await world().http('GET', '/v1/ledger/check')).body).toMatchObject({ consistent: true });
  });

  it('announces that no warehouse has the units, with the most one has, and holds nothing', async () => {
    const sku = freshSku('BOOT');
    await stock(sku, { 'wh-ams': 1, 'wh-ber': 1 });
    const returnId = randomUUID();

    await approve(returnId, 'boots', sku, 2);

    const [failed] = await stockEventsOnceThere(returnId, 1);
    expect(failed).toMatchObject({
      type: 'ReplacementReservationFailed',
      data: { returnId, lineId: 'boots', sku, quantity: 2, sellable: 1 },
    });
    expect((await world().http('GET', `/v1/stock/${sku}`)).body.totals).toMatchObject({ sellable: 2, reserved: 0 });
  });

  it('puts what a cancelled return held back on sale, and what an expired one held', async () => {
    const sku = freshSku('BOOT');
    await stock(sku, { 'wh-ams': 3 });
    const [cancelled, expired] = [randomUUID(), randomUUID()];
    await approve(cancelled, 'boots', sku, 1);
    await approve(expired, 'boots', sku, 2);
    await world().stockOnceItHolds(sku, 'three reserved', (body) => body.totals.reserved === 3);

    await world().publish(ReturnCancelled, returnCancelled(cancelled), cancelled);
    await world().publish(ReturnExpired, returnExpired(expired), expired);

    const released = [(await stockEventsOnceThere(cancelled, 2))[1], (await stockEventsOnceThere(expired, 2))[1]];
    expect(released).toEqual([
      expect.objectContaining({
        type: 'ReplacementReleased',
        data: expect.objectContaining({ quantity: 1, reason: 'cancelled' }),
      }),
      expect.objectContaining({
        type: 'ReplacementReleased',
        data: expect.objectContaining({ quantity: 2, reason: 'expired' }),
      }),
    ]);
    const level = await world().stockOnceItHolds(sku, 'nothing reserved', (body) => body.totals.reserved === 0);
    expect(level.totals.sellable).toBe(3);
    await world().waitForLevelEvents(stockLevelKey(sku, 'wh-ams'), 'five levels', (events) => events.length === 5);
    expect(world().levelEvents(stockLevelKey(sku, 'wh-ams')).at(-1)?.data).toMatchObject({ sellable: 3, reserved: 0 });
  });

  it('puts an expired return’s replacement back on sale once when the line gives up its exchange too, and never one its exchange order took', async () => {
    const sku = freshSku('BOOT');
    await stock(sku, { 'wh-ams': 3 });
    const [held, shipped] = [randomUUID(), randomUUID()];
    await approve(held, 'boots', sku, 1);
    await approve(shipped, 'boots', sku, 2);
    await stockEventsOnceThere(held, 1);
    await stockEventsOnceThere(shipped, 1);
    // The instant exchange's order took its units: they have shipped.
    await world().publish(
      ExchangeOrderRequested,
      exchangeOrdered(shipped, [{ lineId: 'boots', sku, quantity: 2, warehouseId: 'wh-ams' }]),
      shipped,
    );
    await stockEventsOnceThere(shipped, 2);

    // returns-intake announces the expiry, then each exchanged line turned into a refund.
    const givenUp = (returnId: string) => ({
      ...resolutionChanged(returnId, 'boots', { kind: 'refund' }),
      reason: 'return_expired' as const,
    });
    for (const returnId of [held, shipped]) {
      await world().publish(ReturnExpired, returnExpired(returnId), returnId);
      await world().publish(LineResolutionChanged, givenUp(returnId), returnId);
    }
    // Same partition: once a cancellation after them is handled, both facts of each return were.
    for (const returnId of [held, shipped]) {
      await world().publish(ReturnCancelled, returnCancelled(returnId), returnId);
    }

    const level = await world().stockOnceItHolds(
      sku,
      'the held unit back on sale',
      (body) => body.totals.sellable === 1,
    );
    expect(level.totals.reserved).toBe(0);
    await world().waitForLevelEvents(stockLevelKey(sku, 'wh-ams'), 'five levels', (events) => events.length === 5);
    expect(
      world()
        .stockEvents(held)
        .map((event) => [event.type, (event.data as { reason?: string }).reason]),
    ).toEqual([
      ['ReplacementReserved', undefined],
      ['ReplacementReleased', 'expired'],
    ]);
    expect(
      world()
        .stockEvents(shipped)
        .map((event) => event.type),
    ).toEqual(['ReplacementReserved', 'ReplacementAllocated']);
  });

  it('trades what a line held for the customer’s next choice when its resolution changes', async () => {
    const [first, next] = [freshSku('BOOT'), freshSku('SHOE')];
    await stock(first, { 'wh-ams': 1 });
    await stock(next, { 'wh-ber': 2 });
    const returnId = randomUUID();
    await approve(returnId, 'boots', first, 1);
    await stockEventsOnceThere(returnId, 1);

    await world().publish(LineResolutionChanged, resolutionChanged(returnId, 'boots', exchangeFor(next, 2)), returnId);

    const [, released, reserved] = await stockEventsOnceThere(returnId, 3);
    expect(released).toMatchObject({
      type: 'ReplacementReleased',
      data: { lineId: 'boots', sku: first, warehouseId: 'wh-ams', reason: 'replaced' },
    });
    expect(reserved).toMatchObject({
      type: 'ReplacementReserved',
      data: { lineId: 'boots', sku: next, quantity: 2, warehouseId: 'wh-ber' },
    });
    expect((await world().http('GET', `/v1/stock/${first}`)).body.totals).toMatchObject({ sellable: 1, reserved: 0 });
    expect((await world().http('GET', `/v1/stock/${next}`)).body.totals).toMatchObject({ sellable: 0, reserved: 2 });
  });

  it('hands the held units to the exchange order, so they leave the stock, once however often it is heard', async () => {
    const sku = freshSku('BOOT');
    await stock(sku, { 'wh-ams': 3 });
    const returnId = randomUUID();
    await approve(returnId, 'boots', sku, 2);
    await stockEventsOnceThere(returnId, 1);
    const order = exchangeOrdered(returnId, [{ lineId: 'boots', sku, quantity: 2, warehouseId: 'wh-ams' }]);

    const id = await world().publish(ExchangeOrderRequested, order, returnId);
    await world().publish(ExchangeOrderRequested, order, returnId, { id });
    await world().publish(ExchangeOrderRequested, order, returnId);
    // Same partition: once the cancellation after them is handled, every copy of the order was.
    await world().publish(ReturnCancelled, returnCancelled(returnId), returnId);

    const [, allocated] = await stockEventsOnceThere(returnId, 2);
    expect(allocated).toMatchObject({
      type: 'ReplacementAllocated',
      data: { returnId, lineId: 'boots', sku, quantity: 2, warehouseId: 'wh-ams' },
    });
    const level = await world().stockOnceItHolds(sku, 'the units gone', (body) => body.totals.reserved === 0);
    expect(level.totals.sellable).toBe(1);
    await world().waitForLevelEvents(stockLevelKey(sku, 'wh-ams'), 'three levels', (events) => events.length === 3);
    expect(world().stockEvents(returnId)).toHaveLength(2);
    expect((await world().http('GET', `/v1/stock/${sku}/ledger?limit=1`)).body.items).toEqual([
      expect.objectContaining({ bucket: 'reserved', quantityDelta: -2, reason: 'replacement_allocated' }),
    ]);
  });

  it('dead-letters an exchange order for a line nothing is held for, saying which, and takes nothing', async () => {
    const sku = freshSku('BOOT');
    await stock(sku, { 'wh-ams': 1 });
    const returnId = randomUUID();

    const id = await world().publish(
      ExchangeOrderRequested,
      exchangeOrdered(returnId, [{ lineId: 'boots', sku, quantity: 1, warehouseId: 'wh-ams' }]),
      returnId,
    );

    const [dead] = await world()
      .waitForDeadLetters('the exchange order', (messages) =>
        messages.some((message) => message.headers['ce_id'] === id),
      )
      .then((messages) => messages.filter((message) => message.headers['ce_id'] === id));
    expect(dead.headers[DeadLetterHeaders.errorMessage]).toContain(`line boots has no ${sku} held`);
    expect((await world().http('GET', `/v1/stock/${sku}`)).body.totals).toMatchObject({ sellable: 1, reserved: 0 });
    expect(world().stockEvents(returnId)).toEqual([]);
  });
});
