/**
 * Restocking inspected returns and expected inbound, on real Kafka and Postgres: pickup-scheduling's
 * and warehouse-qc's events in, stock levels, the ledger, StockRestocked and the compacted
 * stock-level topic out.
 */
import { randomUUID } from 'node:crypto';
import { InspectionCompleted, ParcelDeliveredToWarehouse, ParcelPickedUp, stockLevelKey } from '@rebound/contracts';
import { waitUntil } from '@rebound/testing';
import { freshSku, inspectedLine, inspectionCompleted, pickedUp } from './support/fixtures';
import { useInventoryWorld } from './support/inventory-world';

jest.setTimeout(60_000);

const WAREHOUSE = 'wh-berlin';
const HOUR_MS = 60 * 60 * 1000;

describe('restocking inspected returns', () => {
  const world = useInventoryWorld('inventory-restock');

  it('puts each inspected line into the bucket its disposition names, sellable at once, and announces it', async () => {
    const [jacket, phone, mug, scarf] = [freshSku('JKT'), freshSku('PHN'), freshSku('MUG'), freshSku('SCF')];
    const returnId = randomUUID();
    const inspection = inspectionCompleted(returnId, WAREHOUSE, [
      inspectedLine({ sku: jacket, expectedQuantity: 2, receivedQuantity: 2, disposition: 'restock' }),
      inspectedLine({ sku: phone, grade: 'C', disposition: 'refurbish', refundableFraction: 0.5 }),
      inspectedLine({ sku: mug, grade: 'D', disposition: 'dispose', refundableFraction: 0 }),
      inspectedLine({ sku: scarf, receivedQuantity: 0, flags: ['missing_item'] }),
    ]);

    await world().publish(InspectionCompleted, inspection, returnId);

    const stock = await world().stockOnceItHolds(jacket, 'the jacket restocked', (body) => body.totals.sellable === 2);
    expect(stock.warehouses).toEqual([expect.objectContaining({ warehouseId: WAREHOUSE, sellable: 2, version: 1 })]);
    expect((await world().http('GET', `/v1/stock/${phone}`)).body.totals).toMatchObject({ sellable: 0, refurbish: 1 });
    expect((await world().http('GET', `/v1/stock/${mug}`)).body.totals).toMatchObject({ sellable: 0, scrap: 1 });
    expect((await world().http('GET', `/v1/stock/${scarf}`)).status).toBe(404);

    const ledger = (await world().http('GET', `/v1/stock/${jacket}/ledger`)).body.items;
    expect(ledger).toEqual([
      expect.objectContaining({
        bucket: 'sellable',
        quantityDelta: 2,
        reason: 'return_inspected',
        sourceId: `inspection:${inspection.inspectionId}`,
        returnId,
        movedBy: null,
      }),
    ]);
    await world().waitForStockEvents(returnId, 'StockRestocked', (events) => events.length === 1);
    expect(world().stockEvents(returnId)[0]).toMatchObject({
      type: 'StockRestocked',
      data: {
        inspectionId: inspection.inspectionId,
        warehouseId: WAREHOUSE,
        lines: [
          { sku: jacket, quantity: 2, disposition: 'restock', bucket: 'sellable' },
          { sku: phone, quantity: 1, disposition: 'refurbish', bucket: 'refurbish' },
          { sku: mug, quantity: 1, disposition: 'dispose', bucket: 'scrap' },
        ],
      },
    });
  });

  it('moves stock once when an inspection is delivered again, under the same event id or a new one', async () => {
    const sku = freshSku();
    const marker = freshSku('MARKER');
    const returnId = randomUUID();
    const inspection = inspectionCompleted(returnId, WAREHOUSE, [inspectedLine({ sku, receivedQuantity: 1 })]);
    const id = await world().publish(InspectionCompleted, inspection, returnId);
    await world().publish(InspectionCompleted, inspection, returnId, { id });
    await world().publish(InspectionCompleted, inspection, returnId);
    // Same key, so same partition: once this later inspection shows, every copy before it was handled.
    await world().publish(
      InspectionCompleted,
      inspectionCompleted(randomUUID(), WAREHOUSE, [inspectedLine({ sku: marker })]),
      returnId,
    );
    await world().stockOnceItHolds(marker, 'the marker inspection', (body) => body.totals.sellable === 1);

    const stock = (await world().http('GET', `/v1/stock/${sku}`)).body;
    expect(stock.totals.sellable).toBe(1);
    expect(stock.warehouses[0].version).toBe(1);
    expect((await world().http('GET', `/v1/stock/${sku}/ledger`)).body.items).toHaveLength(1);
    expect(
      world()
        .stockEvents(returnId)
        .filter((event) => event.data.lines[0].sku === sku),
    ).toHaveLength(1);
  });

  it('expects picked-up units at their warehouse, and clears them when the parcel is inspected', async () => {
    const sku = freshSku();
    const returnId = randomUUID();
    const parcel = pickedUp(returnId, WAREHOUSE, [{ lineId: 'jacket', sku, quantity: 2 }]);

    await world().publish(ParcelPickedUp, parcel, returnId);
    const inbound = await world().stockOnceItHolds(
      sku,
      'the inbound units',
      (body) => body.totals.expectedInbound === 2,
    );
    expect(inbound.totals).toMatchObject({ sellable: 0, expectedInbound: 2 });

    await world().publish(ParcelDeliveredToWarehouse, { ...parcel, warehouseId: WAREHOUSE }, returnId);
    await world().publish(
      InspectionCompleted,
      inspectionCompleted(returnId, WAREHOUSE, [
        inspectedLine({ lineId: 'jacket', sku, expectedQuantity: 2, receivedQuantity: 2 }),
      ]),
      returnId,
    );
    const restocked = await world().stockOnceItHolds(sku, 'the restock', (body) => body.totals.sellable === 2);
    expect(restocked.totals).toMatchObject({ sellable: 2, expectedInbound: 0 });

    // The pickup delivered again, after inspection (its topic lagging behind), expects nothing any more.
    await world().publish(ParcelPickedUp, parcel, returnId);
    const check = await world().http('GET', '/v1/ledger/check');
    expect(check.body).toMatchObject({ consistent: true });
    expect((await world().http('GET', `/v1/stock/${sku}`)).body.totals.expectedInbound).toBe(0);
  });

  it('publishes every change on the compacted topic, so that the latest value per key is the level', async () => {
    const sku = freshSku();
    const key = stockLevelKey(sku, WAREHOUSE);
    const returnId = randomUUID();
    await world().publish(
      ParcelPickedUp,
      pickedUp(returnId, WAREHOUSE, [{ lineId: 'l1', sku, quantity: 3 }]),
      returnId,
    );
    await world().publish(
      InspectionCompleted,
      inspectionCompleted(returnId, WAREHOUSE, [
        inspectedLine({ lineId: 'l1', sku, expectedQuantity: 3, receivedQuantity: 3 }),
      ]),
      returnId,
    );
    await world().stockOnceItHolds(sku, 'the restock', (body) => body.totals.sellable === 3);
    const sale = await world().http(
      'POST',
      '/v1/stock/movements',
      { reason: 'sale', lines: [{ sku, warehouseId: WAREHOUSE, quantityDelta: -1 }] },
      { 'idempotency-key': randomUUID() },
    );
    expect(sale.status).toBe(201);

    await world().waitForLevelEvents(key, 'three level changes', (events) => events.length === 3);
    const level = (await world().http('GET', `/v1/stock/${sku}`)).body.warehouses[0];
    const events = world().levelEvents(key);
    expect(events.map((event) => event.data.version)).toEqual([1, 2, 3]);
    const { changedAt: _changedAt, ...latest } = events[events.length - 1].data;
    expect(latest).toEqual({
      sku,
      warehouseId: WAREHOUSE,
      sellable: level.sellable,
      expectedInbound: level.expectedInbound,
      reserved: level.reserved,
      refurbish: level.refurbish,
      liquidation: level.liquidation,
      returnToVendor: level.returnToVendor,
      quarantine: level.quarantine,
      scrap: level.scrap,
      version: level.version,
    });
    expect(latest).toMatchObject({ sellable: 2, expectedInbound: 0 });
  });

  it('measures restock latency per sellable unit from delivery to restock, over REST and for Prometheus', async () => {
    // Restocked a month ahead of every other test's restocks, so `since` sees only these units.
    const ahead = 30 * 24 * HOUR_MS;
    world().clock.advance(ahead);
    try {
      const since = world().clock.now();
      const deliveries = [
        { hoursBefore: 2, units: 1 },
        { hoursBefore: 4, units: 3 },
      ];
      for (const { hoursBefore, units } of deliveries) {
        const sku = freshSku();
        const returnId = randomUUID();
        const parcel = pickedUp(returnId, 'wh-latency', [{ lineId: 'l1', sku, quantity: units }]);
        const deliveredAt = new Date(since.getTime() - hoursBefore * HOUR_MS);
        await world().publish(ParcelDeliveredToWarehouse, { ...parcel, warehouseId: 'wh-latency' }, returnId, {
          time: deliveredAt,
        });
        await world().publish(
          InspectionCompleted,
          inspectionCompleted(returnId, 'wh-latency', [
            inspectedLine({ lineId: 'l1', sku, expectedQuantity: units, receivedQuantity: units }),
            inspectedLine({ sku: freshSku(), disposition: 'liquidate', grade: 'C' }),
          ]),
          returnId,
        );
        await world().stockOnceItHolds(sku, 'the restock', (body) => body.totals.sellable === units);
      }

      // The delivery (pickup topic) and the inspection (warehouse topic) may be handled in either order.
      const latency = await waitUntil('four units measured', async () => {
        const answer = await world().http(
          'GET',
          `/v1/restock-latency?since=${encodeURIComponent(since.toISOString())}`,
        );
        return answer.body.units === 4 && answer;
      });
      // Three of four units waited about 4 h: both percentiles are 4 h, within the seconds the test took.
      expect(latency.body.p50Seconds).toBeGreaterThanOrEqual(4 * 3600);
      expect(latency.body.p50Seconds).toBeLessThan(4 * 3600 + 60);
      expect(latency.body.p95Seconds).toBeGreaterThanOrEqual(4 * 3600);

      const metrics = await fetch(`${world().app.httpUrl}/metrics`);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      const text = await metrics.text();
      expect(text).toContain('rebound_restock_latency_seconds_count{warehouse="wh-latency"} 4');
      expect(text).toContain('rebound_restock_latency_seconds_bucket{le="14400",warehouse="wh-latency"} 1');
    } finally {
      world().clock.advance(-ahead);
    }
  });

  it('answers a bad `since`, or one more than 90 days back, with 400 naming it', async () => {
    const answer = await world().http('GET', '/v1/restock-latency?since=yesterday');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'since' })]);

    const tooEarly = new Date(world().clock.now().getTime() - 91 * 24 * HOUR_MS).toISOString();
    const tooLong = await world().http('GET', `/v1/restock-latency?since=${encodeURIComponent(tooEarly)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ field: 'since', message: 'must be at most 90 days ago' }]);

    const byDefault = await world().http('GET', '/v1/restock-latency');
    expect(byDefault.status).toBe(200);
    const thirtyDaysAgo = world().clock.now().getTime() - 30 * 24 * HOUR_MS;
    expect(Math.abs(new Date(byDefault.body.since).getTime() - thirtyDaysAgo)).toBeLessThan(60_000);
  });
});
