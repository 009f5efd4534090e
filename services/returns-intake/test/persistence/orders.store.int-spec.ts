import { returnOf } from '../fakes/in-memory-intake';
import { intakeDatabase, storedOrderOf, withPolicy, type IntakeDatabase } from '../support/intake-database';

describe('PgOrdersStore', () => {
  let db: IntakeDatabase;
  beforeAll(async () => {
    db = await intakeDatabase('intake_orders_store');
  }, 60_000);
  afterAll(() => db?.close());

  it('reads back the order it saved, lines and payments included', async () => {
    const order = storedOrderOf();
    await db.transactions.run((tx) => tx.orders.save(order));
    const read = await db.transactions.run((tx) => tx.orders.find(order.orderId));
    expect(read).toEqual({ ...order, lines: [...order.lines].sort((a, b) => a.lineId.localeCompare(b.lineId)) });
    expect(await db.transactions.run((tx) => tx.orders.find('order-never-seen'))).toBeNull();
  });

  it('replaces the lines and payments of a saved order with the new snapshot’s', async () => {
    const order = storedOrderOf();
    await db.transactions.run((tx) => tx.orders.save(order));
    const changed = {
      ...order,
      lines: order.lines.filter((line) => line.lineId === 'shirt'),
      payments: [{ chargeId: 'ch-2', allocations: [{ lineId: 'shirt', amountMinor: 100 }] }],
    };
    await db.transactions.run((tx) => tx.orders.save(changed));
    const read = await db.transactions.run((tx) => tx.orders.lock(order.orderId));
    expect(read?.lines.map((line) => line.lineId)).toEqual(['shirt']);
    expect(read?.payments).toEqual(changed.payments);
  });

  it('counts the customer’s delivered orders and those with returns that still hold units', async () => {
    const customerId = `customer-${Date.now()}`;
    const delivered = storedOrderOf({ customerId });
    const withCancelledReturn = storedOrderOf({ customerId });
    const placedOnly = storedOrderOf({ customerId, deliveredAt: null });
    await db.transactions.run(async (tx) => {
      for (const order of [delivered, withCancelledReturn, placedOnly]) await tx.orders.save(order);
      const version = await withPolicy(tx);
      await tx.returns.insert(returnOf(delivered, version, 'approved'));
      await tx.returns.insert(returnOf(withCancelledReturn, version, 'cancelled'));
    });
    expect(await db.transactions.run((tx) => tx.orders.customerHistory(customerId))).toEqual({
      deliveredOrders: 2,
      ordersWithReturns: 1,
    });
  });
});
