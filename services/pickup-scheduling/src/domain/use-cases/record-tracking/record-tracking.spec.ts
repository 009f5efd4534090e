import {
  ParcelInTransit,
  ParcelPickedUp,
  PickupAbandoned,
  PickupAttemptFailed,
  PickupRescheduled,
  type TrackingReported,
} from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { SETTINGS, approvedReturnEvent, givenPartner, inMemoryPickups } from '../../../../test/fakes/in-memory-pickups';
import { BookPickup } from '../book-pickup/book-pickup';
import { BookPickupCommand } from '../book-pickup/book-pickup.command';
import { RecordTracking } from './record-tracking';
import { RecordTrackingCommand } from './record-tracking.command';

describe('RecordTracking', () => {
  const booked = async (maxPickupAttempts = 3) => {
    const world = inMemoryPickups();
    await givenPartner(world, 'p-berlin');
    await givenPartner(world, 'p-other', { costPerPickupMinor: 9000 });
    const approved = approvedReturnEvent({ maxPickupAttempts });
    await new BookPickup(world.clock, SETTINGS).execute(world.tx, BookPickupCommand.from(approved));
    world.events.published.length = 0;
    const pickup = world.pickups.ofReturn(approved.returnId);
    let sequence = 0;
    const report = (
      status: TrackingReported['status'],
      extra: Partial<TrackingReported> = {},
      partnerId = 'p-berlin',
    ) =>
      new RecordTracking(world.clock, SETTINGS).execute(
        world.tx,
        RecordTrackingCommand.of({
          partnerId,
          eventId: `e-${++sequence}`,
          channel: 'kafka',
          event: { pickupId: pickup.pickupId, status, occurredAt: world.clock.now().toISOString(), ...extra },
        }),
      );
    return { world, pickup, report };
  };

  it('moves the pickup forward and announces the collection', async () => {
    const { world, pickup, report } = await booked();

    expect(await report('picked_up')).toEqual({ outcome: 'applied', state: 'picked_up' });

    expect(world.pickups.pickups.get(pickup.pickupId)).toMatchObject({ state: 'picked_up', deadline: null });
    expect(world.events.ofType(ParcelPickedUp)).toHaveLength(1);
    expect(await world.tracking.trackingHistory(pickup.pickupId)).toEqual([
      expect.objectContaining({ eventId: 'e-1', status: 'picked_up', outcome: 'applied' }),
    ]);
  });

  it('announces the collection too when the parcel is reported in transit before anyone said picked up', async () => {
    const { world, report } = await booked();
    await report('in_transit', { location: 'Berlin hub' });
    expect(world.events.types).toEqual([ParcelPickedUp.eventType, ParcelInTransit.eventType]);
  });

  it('recognises a second copy of an event and changes nothing', async () => {
    const { world, pickup } = await booked();
    const command = RecordTrackingCommand.of({
      partnerId: 'p-berlin',
      eventId: 'e-same',
      channel: 'webhook',
      event: { pickupId: pickup.pickupId, status: 'picked_up', occurredAt: world.clock.now().toISOString() },
    });
    const record = new RecordTracking(world.clock, SETTINGS);

    await record.execute(world.tx, command);
    expect(await record.execute(world.tx, command)).toEqual({ outcome: 'duplicate' });
    expect(world.events.ofType(ParcelPickedUp)).toHaveLength(1);
  });

  it('records an event about another partner’s pickup as rejected and applies nothing', async () => {
    const { world, pickup, report } = await booked();

    expect(await report('picked_up', {}, 'p-other')).toEqual({
      outcome: 'rejected',
      reason: 'foreign-pickup',
      detail: `pickup ${pickup.pickupId} is not p-other's`,
    });
    expect(world.tracking.rejected).toEqual([
      expect.objectContaining({ partnerId: 'p-other', reason: 'foreign-pickup' }),
    ]);
    expect(world.pickups.pickups.get(pickup.pickupId)?.state).toBe('scheduled');
    expect(world.events.published).toEqual([]);
  });

  it('records an event about a pickup that does not exist as rejected', async () => {
    const world = inMemoryPickups();
    const result = await new RecordTracking(world.clock, SETTINGS).execute(
      world.tx,
      RecordTrackingCommand.of({
        partnerId: 'p-berlin',
        eventId: 'e-1',
        channel: 'webhook',
        event: {
          pickupId: '00000000-0000-4000-8000-000000000000',
          status: 'picked_up',
          occurredAt: new Date().toISOString(),
        },
      }),
    );
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'unknown-pickup' });
    expect(world.tracking.rejected).toHaveLength(1);
  });

  it('rebooks a failed attempt in a later slot of the same partner', async () => {
    const { world, pickup, report } = await booked();

    expect(await report('attempt_failed', { reason: 'nobody home' })).toEqual({
      outcome: 'applied',
      state: 'scheduled',
    });

    const rebooked = world.pickups.pickups.get(pickup.pickupId)!;
    expect(rebooked).toMatchObject({ attempt: 2, partnerId: 'p-berlin' });
    expect(rebooked.slot!.from > pickup.slot!.from).toBe(true);
    expect(world.events.types).toEqual(
      expect.arrayContaining([PickupAttemptFailed.eventType, PickupRescheduled.eventType]),
    );
  });

  it('abandons the pickup once the return’s attempts are used up', async () => {
    const { world, pickup, report } = await booked(1);

    expect(await report('attempt_failed', { reason: 'nobody home' })).toEqual({
      outcome: 'applied',
      state: 'abandoned',
    });

    expect(world.pickups.pickups.get(pickup.pickupId)).toMatchObject({
      state: 'abandoned',
      abandonReason: 'attempts_exhausted',
    });
    expect(world.events.ofType(PickupAbandoned)).toEqual([
      expect.objectContaining({ reason: 'attempts_exhausted', attempts: 1 }),
    ]);
  });

  it('keeps an exception for the record without moving the pickup', async () => {
    const { world, pickup, report } = await booked();
    expect(await report('exception', { reason: 'van broke down' })).toMatchObject({
      outcome: 'ignored',
      state: 'scheduled',
    });
    expect(world.pickups.pickups.get(pickup.pickupId)?.state).toBe('scheduled');
  });

  it('refuses an event without an id, which could not be told from its repeats', () => {
    const build = () =>
      RecordTrackingCommand.of({
        partnerId: 'p-berlin',
        eventId: '',
        channel: 'webhook',
        event: { pickupId: 'x', status: 'picked_up', occurredAt: new Date().toISOString() },
      });
    expect(build).toThrow(DomainError);
    expect(build).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ field: 'eventId' })] }));
  });
});
