/**
 * RecordOrder on real Postgres when two snapshots of an order not stored yet are recorded at the same
 * moment (the commerce platform's event and `PUT /v1/orders/{id}`, or two calls): each must see the
 * other's, or the one recorded second overwrites it as if the order were new — and a delivery known
 * to the first is forgotten, so returns of the order are refused as not delivered.
 */
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import { RecordOrder } from '../src/domain/use-cases/record-order/record-order';
import { RecordOrderCommand } from '../src/domain/use-cases/record-order/record-order.command';
import { intakeTransaction } from '../src/persistence/intake-transactions';
import { ParsedPolicyCache } from '../src/persistence/pg-policy.store';
import { deliveredOrder } from './support/orders';
import { intakeDatabase, type IntakeDatabase } from './support/intake-database';

jest.setTimeout(30_000);

describe('recording a new order’s snapshots at once', () => {
  let db: IntakeDatabase;
  beforeAll(async () => {
    db = await intakeDatabase('intake_record_order_race');
  }, 60_000);
  afterAll(() => db?.close());

  const outbox = new Outbox(`/rebound/${Services.returnsIntake.name}`);

  const policies = new ParsedPolicyCache();
  const recordOrder = new RecordOrder();

  async function until(condition: () => Promise<boolean>): Promise<void> {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('keeps the delivery of the snapshot recorded first when a snapshot without it is recorded meanwhile', async () => {
    const delivered = deliveredOrder();
    const { deliveredAt: _deliveredAt, ...placed } = delivered;
    let deliveryRecorded!: () => void;
    const recorded = new Promise<void>((resolve) => (deliveryRecorded = resolve));
    let commitDelivery!: () => void;
    const committing = new Promise<void>((resolve) => (commitDelivery = resolve));

    const delivery = db.dataSource.transaction(async (manager) => {
      await recordOrder.execute(intakeTransaction(manager, outbox, policies), new RecordOrderCommand(delivered));
      deliveryRecorded();
      await committing;
    });
    await recorded;
    let placedDone = false;
    let placedPid: number | undefined;
    const placement = db.dataSource
      .transaction(async (manager) => {
        [{ pid: placedPid }] = await manager.query('SELECT pg_backend_pid() AS pid');
        await recordOrder.execute(intakeTransaction(manager, outbox, policies), new RecordOrderCommand(placed));
      })
      .finally(() => (placedDone = true));
    // The second snapshot either finished on its own or waits for the first one's transaction.
    await until(
      async () =>
        placedDone ||
        (placedPid !== undefined &&
          (await db.dataSource.query('SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted', [placedPid])).length > 0),
    );
    commitDelivery();
    await Promise.all([delivery, placement]);

    const order = await db.transactions.run((tx) => tx.orders.find(delivered.orderId));
    expect(order?.deliveredAt).toEqual(new Date(delivered.deliveredAt as string));
  });
});
