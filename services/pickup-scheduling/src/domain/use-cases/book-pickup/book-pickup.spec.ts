import { randomUUID } from 'node:crypto';
import { LabelIssued, PickupAbandoned, PickupBooked, PickupScheduled, PartnerTopics } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import {
  SETTINGS,
  approvedLine,
  approvedReturnEvent,
  givenPartner,
  inMemoryPickups,
  mailBackReturnEvent,
  midnightIn,
} from '../../../../test/fakes/in-memory-pickups';
import { BookPickup } from './book-pickup';
import { BookPickupCommand } from './book-pickup.command';

describe('BookPickup', () => {
  const setUp = () => {
    const world = inMemoryPickups();
    return { world, book: new BookPickup(world.clock, SETTINGS) };
  };

  it('books the cheapest partner that serves the address, in the earliest free slot of the window', async () => {
    const { world, book } = setUp();
    await givenPartner(world, 'p-dear', { costPerPickupMinor: 900 });
    await givenPartner(world, 'p-cheap', { costPerPickupMinor: 300 });
    await givenPartner(world, 'p-munich', {
      costPerPickupMinor: 100,
      serviceAreas: [{ country: 'DE', postalPrefixes: ['80'] }],
    });
    const approved = approvedReturnEvent();

    await book.execute(world.tx, BookPickupCommand.from(approved));

    const pickup = world.pickups.ofReturn(approved.returnId);
    expect(pickup).toMatchObject({ partnerId: 'p-cheap', state: 'scheduled', attempt: 1 });
    expect(pickup.slot!.from >= new Date(approved.pickup!.window.from)).toBe(true);
    expect(world.pickups.bookedAt('p-cheap', pickup.slot!.from)).toBe(1);
    expect(pickup.choice.considered.map(({ partnerId }) => partnerId)).toEqual(['p-munich', 'p-cheap', 'p-dear']);
    expect(world.events.ofType(PickupScheduled)).toEqual([expect.objectContaining({ partnerId: 'p-cheap' })]);
    const booking = world.events.published.find((event) => event.type === PickupBooked.eventType);
    expect(booking?.options.topic).toBe(PartnerTopics.bookings.nameFor('p-cheap'));
  });

  it('passes over a partner whose slots in the window are full', async () => {
    const { world, book } = setUp();
    await givenPartner(world, 'p-small', {
      costPerPickupMinor: 100,
      slotWindows: [{ start: '08:00', end: '12:00', capacity: 1 }],
    });
    await givenPartner(world, 'p-big', { costPerPickupMinor: 500 });
    const oneDay = (returnId: string) =>
      approvedReturnEvent({
        returnId,
        pickup: {
          ...approvedReturnEvent().pickup!,
          window: { from: midnightIn(1).toISOString(), to: midnightIn(2).toISOString() },
        },
      });
    const [first, second] = [oneDay(randomUUID()), oneDay(randomUUID())];

    await book.execute(world.tx, BookPickupCommand.from(first));
    await book.execute(world.tx, BookPickupCommand.from(second));

    expect(world.pickups.ofReturn(first.returnId).partnerId).toBe('p-small');
    expect(world.pickups.ofReturn(second.returnId).partnerId).toBe('p-big');
  });

  it('issues a label valid for the return’s label days when the return is sent back by post', async () => {
    const { world, book } = setUp();
    await givenPartner(world, 'p-post');
    const approved = mailBackReturnEvent({ labelValidityDays: 10 });

    await book.execute(world.tx, BookPickupCommand.from(approved));

    const pickup = world.pickups.ofReturn(approved.returnId);
    expect(pickup).toMatchObject({ state: 'label_issued', slot: null });
    expect(pickup.deadline).toEqual(new Date(world.clock.now().getTime() + 10 * 24 * 3600_000));
    expect(world.events.ofType(LabelIssued)).toHaveLength(1);
  });

  it('abandons the pickup at once, saying why, when no partner can take it', async () => {
    const { world, book } = setUp();
    await givenPartner(world, 'p-munich', { serviceAreas: [{ country: 'DE', postalPrefixes: ['80'] }] });
    const approved = approvedReturnEvent();

    await book.execute(world.tx, BookPickupCommand.from(approved));

    expect(world.pickups.ofReturn(approved.returnId)).toMatchObject({
      state: 'abandoned',
      abandonReason: 'no_partner_available',
      partnerId: null,
    });
    const [abandoned] = world.events.ofType(PickupAbandoned);
    expect(abandoned.detail).toContain('p-munich: does not serve DE 10115');
    expect(world.events.types).toEqual([PickupAbandoned.eventType]);
  });

  it('books a return only once, however often its approval arrives', async () => {
    const { world, book } = setUp();
    await givenPartner(world, 'p-one');
    const approved = approvedReturnEvent();

    await book.execute(world.tx, BookPickupCommand.from(approved));
    await book.execute(world.tx, BookPickupCommand.from(approved));

    expect(world.pickups.pickups.size).toBe(1);
    expect(world.events.ofType(PickupScheduled)).toHaveLength(1);
  });

  it('books nothing, stores nothing and tells nobody when the customer keeps every line', async () => {
    const { world, book } = setUp();
    await givenPartner(world, 'p-one');
    const approved = approvedReturnEvent({
      lines: [
        approvedLine({ resolution: { kind: 'keep' } }),
        approvedLine({ lineId: 'line-2', sku: 'SKU-SCARF', resolution: { kind: 'keep' } }),
      ],
    });

    await book.execute(world.tx, BookPickupCommand.from(approved));

    expect(world.pickups.pickups.size).toBe(0);
    expect(world.events.published).toEqual([]);
  });

  it('collects only the lines sent back when the customer keeps some', async () => {
    const { world, book } = setUp();
    await givenPartner(world, 'p-one');
    const approved = approvedReturnEvent({
      lines: [
        approvedLine({ lineId: 'kept', sku: 'SKU-SCARF', quantity: 1, resolution: { kind: 'keep' } }),
        approvedLine({ lineId: 'refunded' }),
        approvedLine({
          lineId: 'exchanged',
          sku: 'SKU-BOOT-42',
          quantity: 1,
          resolution: {
            kind: 'exchange',
            replacement: { sku: 'SKU-BOOT-43', productId: 'boot', quantity: 1, unitPriceMinor: 8999 },
          },
        }),
      ],
    });

    await book.execute(world.tx, BookPickupCommand.from(approved));

    const sentBack = [
      { lineId: 'refunded', sku: 'SKU-JACKET', quantity: 2 },
      { lineId: 'exchanged', sku: 'SKU-BOOT-42', quantity: 1 },
    ];
    expect(world.pickups.ofReturn(approved.returnId).lines).toEqual(sentBack);
    const [booking] = world.events.ofType(PickupBooked);
    expect(booking.lines).toEqual(sentBack);
  });

  it('refuses an approval that allows no pickup attempt', () => {
    const refusal = () => BookPickupCommand.from(approvedReturnEvent({ maxPickupAttempts: 0 }));
    expect(refusal).toThrow(DomainError);
    expect(refusal).toThrow(expect.objectContaining({ kind: 'invalid', code: 'validation' }));
  });
});
