import { PickupBookingCancelled, PickupCancelled, type ReturnCancelled } from '@rebound/contracts';
import { SETTINGS, approvedReturnEvent, givenPartner, inMemoryPickups } from '../../../../test/fakes/in-memory-pickups';
import { BookPickup } from '../book-pickup/book-pickup';
import { BookPickupCommand } from '../book-pickup/book-pickup.command';
import { CancelPickup } from './cancel-pickup';
import { CancelPickupCommand } from './cancel-pickup.command';

describe('CancelPickup', () => {
  const booked = async () => {
    const world = inMemoryPickups();
    await givenPartner(world, 'p-berlin');
    const approved = approvedReturnEvent();
    await new BookPickup(world.clock, SETTINGS).execute(world.tx, BookPickupCommand.from(approved));
    world.events.published.length = 0;
    const cancellation = CancelPickupCommand.from({
      returnId: approved.returnId,
      cancelledBy: approved.customerId,
    } as ReturnCancelled);
    return { world, approved, cancellation, cancel: new CancelPickup(world.clock) };
  };

  it('cancels the booking with the partner and gives its slot back', async () => {
    const { world, approved, cancellation, cancel } = await booked();
    const slotFrom = world.pickups.ofReturn(approved.returnId).slot!.from;

    expect(await cancel.execute(world.tx, cancellation)).toBe('cancelled');

    expect(world.pickups.ofReturn(approved.returnId).state).toBe('cancelled');
    expect(world.pickups.bookedAt('p-berlin', slotFrom)).toBe(0);
    expect(world.events.types).toEqual([PickupCancelled.eventType, PickupBookingCancelled.eventType]);
    expect(world.events.ofType(PickupCancelled)[0].reason).toBe(`return cancelled by ${approved.customerId}`);
  });

  it('leaves a pickup whose parcel was already collected as it is', async () => {
    const { world, approved, cancellation, cancel } = await booked();
    const pickup = world.pickups.ofReturn(approved.returnId);
    await world.pickups.updatePickup({ ...pickup, state: 'picked_up' });

    expect(await cancel.execute(world.tx, cancellation)).toBe('too-late');

    expect(world.pickups.ofReturn(approved.returnId).state).toBe('picked_up');
    expect(world.events.published).toEqual([]);
  });

  it('does nothing for a return it never booked', async () => {
    const world = inMemoryPickups();
    const cancellation = CancelPickupCommand.from({ returnId: 'r-unknown', cancelledBy: 'c-1' } as ReturnCancelled);

    expect(await new CancelPickup(world.clock).execute(world.tx, cancellation)).toBe('no-pickup');
    expect(world.events.published).toEqual([]);
  });
});
