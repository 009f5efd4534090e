import { PickupAbandoned, PickupBookingCancelled } from '@rebound/contracts';
import {
  SETTINGS,
  approvedReturnEvent,
  givenPartner,
  inMemoryPickups,
  mailBackReturnEvent,
} from '../../../../test/fakes/in-memory-pickups';
import { BookPickup } from '../book-pickup/book-pickup';
import { BookPickupCommand } from '../book-pickup/book-pickup.command';
import { ExpireOverdue } from './expire-overdue';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('ExpireOverdue', () => {
  const withBookings = async () => {
    const world = inMemoryPickups();
    await givenPartner(world, 'p-berlin');
    const book = new BookPickup(world.clock, SETTINGS);
    const label = mailBackReturnEvent({ labelValidityDays: 1 });
    const visit = approvedReturnEvent();
    await book.execute(world.tx, BookPickupCommand.from(label));
    await book.execute(world.tx, BookPickupCommand.from(visit));
    world.events.published.length = 0;
    return { world, label, visit, expire: new ExpireOverdue(world.clock) };
  };

  it('gives nothing up before its deadline', async () => {
    const { world, expire } = await withBookings();
    expect(await expire.execute(world.tx)).toBe(0);
    expect(world.events.published).toEqual([]);
  });

  it('gives up an unused label once it expired, and tells the partner not to expect the parcel', async () => {
    const { world, label, visit, expire } = await withBookings();
    world.clock.advance(DAY_MS + 1);

    expect(await expire.execute(world.tx)).toBe(1);

    expect(world.pickups.ofReturn(label.returnId)).toMatchObject({
      state: 'abandoned',
      abandonReason: 'label_expired',
    });
    expect(world.pickups.ofReturn(visit.returnId).state).toBe('scheduled');
    expect(world.events.ofType(PickupAbandoned)).toEqual([
      expect.objectContaining({ returnId: label.returnId, reason: 'label_expired', attempts: 0 }),
    ]);
    expect(world.events.ofType(PickupBookingCancelled)).toHaveLength(1);
  });

  it('gives up a booking the partner did not collect within the grace time after its slot', async () => {
    const { world, visit, expire } = await withBookings();
    const pickup = world.pickups.ofReturn(visit.returnId);
    world.clock.advance(pickup.deadline!.getTime() - world.clock.now().getTime() + 1);

    await expire.execute(world.tx);

    expect(world.pickups.ofReturn(visit.returnId)).toMatchObject({
      state: 'abandoned',
      abandonReason: 'booking_expired',
    });
    const abandoned = world.events.ofType(PickupAbandoned).find(({ returnId }) => returnId === visit.returnId);
    expect(abandoned).toMatchObject({ attempts: 1 });
    expect(abandoned?.detail).toContain('did not collect in the slot ending');
  });
});
