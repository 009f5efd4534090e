/**
 * Two returns' approvals want the last unit of a replacement at the same moment, on real Postgres.
 * They come on different partitions of returns.return.v1, and inventory may run replicas, so two
 * transactions reserve at once: exactly one may hold the unit, and the other must see it gone and
 * announce that it could not — never both holding it, never sellable below zero.
 */
import { randomUUID } from 'node:crypto';
import { systemClock } from '@rebound/kernel';
import { Outbox } from '@rebound/messaging';
import { ChangeStock } from '../src/domain/use-cases/change-stock/change-stock';
import { ChangeStockCommand } from '../src/domain/use-cases/change-stock/change-stock.command';
import { ReserveReplacements } from '../src/domain/use-cases/reserve-replacements/reserve-replacements';
import { ReserveReplacementsCommand } from '../src/domain/use-cases/reserve-replacements/reserve-replacements.command';
import { inventoryTransaction } from '../src/persistence/inventory-transactions';
import { approvedWithExchanges, freshSku } from './support/fixtures';
import { useInventoryDatabase } from './support/inventory-database';

jest.setTimeout(30_000);

describe('two approvals reserving the last unit at once', () => {
  const database = useInventoryDatabase('inventory_reservation_race');
  const outbox = new Outbox('/rebound/inventory');
  const changeStock = new ChangeStock();
  const reserve = new ReserveReplacements(systemClock, changeStock);

  async function until(condition: () => Promise<boolean>): Promise<void> {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('lets exactly one hold it: the other, waiting on the first, finds nothing left and says so', async () => {
    const { dataSource } = database();
    const sku = freshSku('LAST');
    const at = new Date();
    const lines = [{ sku, warehouseId: 'ams-1', bucket: 'sellable' as const, quantityDelta: 1 }];
    await database().transaction((manager) =>
      changeStock.execute(
        inventoryTransaction(manager, outbox),
        ChangeStockCommand.of(lines, { sourceId: `request:${sku}`, reason: 'adjustment', occurredAt: at, lines }, at),
      ),
    );
    const [first, second] = [randomUUID(), randomUUID()].map((returnId) =>
      ReserveReplacementsCommand.fromApproval(approvedWithExchanges(returnId, [{ lineId: 'boots', sku, quantity: 1 }])),
    );
    let firstReserved!: () => void;
    const reserved = new Promise<void>((resolve) => (firstReserved = resolve));
    let commitFirst!: () => void;
    const committing = new Promise<void>((resolve) => (commitFirst = resolve));

    // The first approval holds the unit and keeps its transaction (and the level's lock) open.
    const winner = dataSource.transaction(async (manager) => {
      await reserve.execute(inventoryTransaction(manager, outbox), first);
      firstReserved();
      await committing;
    });
    await reserved;
    let secondDone = false;
    let secondPid: number | undefined;
    const loser = dataSource
      .transaction(async (manager) => {
        [{ pid: secondPid }] = await manager.query('SELECT pg_backend_pid() AS pid');
        await reserve.execute(inventoryTransaction(manager, outbox), second);
      })
      .finally(() => (secondDone = true));
    // The second waits for the level the first holds; only then does the first commit.
    await until(
      async () =>
        secondDone ||
        (secondPid !== undefined &&
          (await dataSource.query('SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted', [secondPid])).length > 0),
    );
    expect(secondDone).toBe(false);
    commitFirst();
    await Promise.all([winner, loser]);

    const announced = await dataSource.query(
      `SELECT event_type, payload->>'returnId' AS return_id, (payload->>'sellable')::int AS sellable FROM outbox
        WHERE payload->>'sku' = $1 AND topic LIKE '%inventory.stock.v1' ORDER BY position`,
      [sku],
    );
    expect(announced).toEqual([
      { event_type: 'ReplacementReserved', return_id: first.returnId, sellable: null },
      { event_type: 'ReplacementReservationFailed', return_id: second.returnId, sellable: 0 },
    ]);
    const [level] = await dataSource.query('SELECT sellable, reserved FROM stock_levels WHERE sku = $1', [sku]);
    expect(level).toEqual({ sellable: 0, reserved: 1 });
    const held = await dataSource.query(`SELECT return_id FROM reservations WHERE sku = $1 AND status = 'held'`, [sku]);
    expect(held).toEqual([{ return_id: first.returnId }]);
  });
});
