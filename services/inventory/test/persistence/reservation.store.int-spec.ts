/** PgReservationStore on real Postgres: a return's reservations, held once per line, ended once. */
import { randomUUID } from 'node:crypto';
import { PgReservationStore } from '../../src/persistence/pg-reservation.store';
import { freshSku } from '../support/fixtures';
import { useInventoryDatabase } from '../support/inventory-database';

const database = useInventoryDatabase('inventory_reservation_store');
const at = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-01T12:00:00.000Z');

describe('PgReservationStore', () => {
  it('keeps a return’s reservations in the order they were held, and ends each once', async () => {
    const returnId = randomUUID();
    const sku = freshSku();
    const store = new PgReservationStore(database().dataSource.manager);
    const boots = await store.hold({
      returnId,
      lineId: 'boots',
      sku,
      warehouseId: 'ams-1',
      quantity: 2,
      reservedAt: at,
    });
    const cap = await store.hold({ returnId, lineId: 'cap', sku, warehouseId: 'rtm-1', quantity: 1, reservedAt: at });

    await store.release(boots.reservationId, 'cancelled', later);
    await store.allocate(boots.reservationId, later);
    await store.allocate(cap.reservationId, later);

    expect(await store.lockReservationsOf(returnId)).toEqual([
      { ...boots, status: 'released' },
      { ...cap, status: 'allocated' },
    ]);
    expect(await store.lockReservationsOf(randomUUID())).toEqual([]);
    const rows = await database().dataSource.query(
      'SELECT line_id, release_reason, ended_at FROM reservations WHERE return_id = $1 ORDER BY reservation_id',
      [returnId],
    );
    expect(rows).toEqual([
      { line_id: 'boots', release_reason: 'cancelled', ended_at: later },
      { line_id: 'cap', release_reason: null, ended_at: later },
    ]);
  });

  it('refuses a second reservation held for the same line', async () => {
    const returnId = randomUUID();
    const reservation = {
      returnId,
      lineId: 'boots',
      sku: freshSku(),
      warehouseId: 'ams-1',
      quantity: 1,
      reservedAt: at,
    };
    const store = new PgReservationStore(database().dataSource.manager);
    const first = await store.hold(reservation);

    await expect(store.hold(reservation)).rejects.toThrow(/reservations_held_line_idx/);
    await store.release(first.reservationId, 'replaced', later);
    await expect(store.hold(reservation)).resolves.toMatchObject({ status: 'held' });
  });
});
