/** PgPickupsStore on real Postgres: pickups as stored and read back, overdue sweeps, pages, and slot capacity. */
import { PgPickupsStore } from '../../src/persistence/pg-pickups.store';
import { aPickup, usePickupsSchema } from './pickups-schema';

jest.setTimeout(30_000);

const SLOT = { from: new Date('2030-02-01T08:00:00Z'), to: new Date('2030-02-01T12:00:00Z'), capacity: 2 };

describe('PgPickupsStore', () => {
  const dataSource = usePickupsSchema('pickups_pickups_store', ['p-read', 'p-sweep', 'p-list', 'p-slots', 'p-race']);
  const store = () => new PgPickupsStore(dataSource().manager);

  it('reads a pickup back as it was stored, by id and by its return, and keeps its changes', async () => {
    const pickup = aPickup('p-read');
    await store().insertPickup(pickup);

    expect(await store().findPickup(pickup.pickupId)).toEqual(pickup);
    expect(await store().lockPickupOfReturn(pickup.returnId)).toEqual(pickup);

    const moved = {
      ...pickup,
      state: 'picked_up' as const,
      deadline: null,
      updatedAt: new Date('2030-01-02T09:00:00Z'),
    };
    await store().updatePickup(moved);
    expect(await store().lockPickup(pickup.pickupId)).toEqual(moved);
    expect(await store().findPickup('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('finds pickups past their deadline in the states asked for, earliest deadline first', async () => {
    const now = new Date('2031-06-01T00:00:00Z');
    const late = aPickup('p-sweep', { deadline: new Date('2031-05-01T00:00:00Z') });
    const later = aPickup('p-sweep', { deadline: new Date('2031-05-02T00:00:00Z') });
    const collected = aPickup('p-sweep', { state: 'picked_up', deadline: new Date('2031-04-01T00:00:00Z') });
    const due = aPickup('p-sweep', { deadline: new Date('2031-07-01T00:00:00Z') });
    for (const pickup of [later, late, collected, due]) await store().insertPickup(pickup);

    const overdue = await dataSource().transaction((manager) =>
      new PgPickupsStore(manager).lockOverdue(now, ['scheduled'], 10),
    );

    const ours = overdue.filter(({ partnerId }) => partnerId === 'p-sweep').map(({ pickupId }) => pickupId);
    expect(ours).toEqual([late.pickupId, later.pickupId]);
  });

  it('lists pickups newest first by filter, continuing after the position given', async () => {
    const at = (minute: number) => new Date(Date.UTC(2030, 2, 1, 9, minute));
    const pickups = [1, 2, 3].map((minute) => aPickup('p-list', { createdAt: at(minute) }));
    for (const pickup of pickups) await store().insertPickup(pickup);
    await store().insertPickup(aPickup('p-list', { createdAt: at(4), state: 'cancelled' }));

    const first = await store().listPickups({ partnerId: 'p-list', state: 'scheduled' }, 2);
    expect(first.map(({ pickupId }) => pickupId)).toEqual([pickups[2].pickupId, pickups[1].pickupId]);
    const rest = await store().listPickups({ partnerId: 'p-list', state: 'scheduled' }, 2, first[1]);
    expect(rest.map(({ pickupId }) => pickupId)).toEqual([pickups[0].pickupId]);
    expect(await store().listPickups({ returnId: pickups[0].returnId }, 5)).toEqual([pickups[0]]);
  });

  it('books a slot up to its capacity and no further, and frees a unit given back', async () => {
    expect(await store().reserveSlot('p-slots', SLOT)).toBe(true);
    expect(await store().reserveSlot('p-slots', SLOT)).toBe(true);
    expect(await store().reserveSlot('p-slots', SLOT)).toBe(false);
    expect(await store().reserveSlot('p-slots', { ...SLOT, capacity: 0 })).toBe(false);

    await store().releaseSlot('p-slots', SLOT.from);

    expect(await store().slotUsage('p-slots', SLOT.from, SLOT.to)).toEqual([
      { from: SLOT.from, to: SLOT.to, capacity: 2, booked: 1 },
    ]);
  });

  it('never overbooks a slot, however many bookings take it at once', async () => {
    const slot = { ...SLOT, from: new Date('2030-02-02T08:00:00Z'), to: new Date('2030-02-02T12:00:00Z'), capacity: 3 };
    const taken = await Promise.all(
      Array.from({ length: 10 }, () =>
        dataSource().transaction((manager) => new PgPickupsStore(manager).reserveSlot('p-race', slot)),
      ),
    );
    expect(taken.filter(Boolean)).toHaveLength(3);
    expect((await store().slotUsage('p-race', slot.from, slot.to))[0]?.booked).toBe(3);
  });
});
