/** PgTrackingStore on real Postgres: tracking history once per partner event id, and rejected events by partner. */
import { randomUUID } from 'node:crypto';
import type { TrackingEntry } from '../../src/domain/ports';
import { PgPickupsStore } from '../../src/persistence/pg-pickups.store';
import { PgTrackingStore } from '../../src/persistence/pg-tracking.store';
import { aPickup, usePickupsSchema } from './pickups-schema';

jest.setTimeout(30_000);

const RECEIVED = new Date('2030-01-02T10:00:00Z');
const [FIRST, SECOND] = [randomUUID(), randomUUID()];

function entry(
  pickupId: string,
  eventId: string,
  occurredAt: Date,
  status: TrackingEntry['status'] = 'picked_up',
): TrackingEntry {
  return {
    partnerId: 'p-track',
    eventId,
    pickupId,
    status,
    occurredAt,
    receivedAt: RECEIVED,
    channel: 'webhook',
    payload: { pickupId, status, occurredAt: occurredAt.toISOString() },
    outcome: 'applied',
    note: null,
  };
}

describe('PgTrackingStore', () => {
  const dataSource = usePickupsSchema('pickups_tracking_store', ['p-track']);
  const store = () => new PgTrackingStore(dataSource().manager);

  it('keeps each partner event once, and answers a pickup’s history in the order things happened', async () => {
    const pickup = aPickup('p-track');
    await new PgPickupsStore(dataSource().manager).insertPickup(pickup);
    const later = entry(pickup.pickupId, SECOND, new Date('2030-01-02T09:30:00Z'), 'in_transit');
    const earlier = entry(pickup.pickupId, FIRST, new Date('2030-01-02T09:00:00Z'));

    expect(await store().insertTracking(later)).toBe(true);
    expect(await store().insertTracking(earlier)).toBe(true);
    expect(await store().insertTracking({ ...earlier, status: 'exception' })).toBe(false);

    expect(await store().trackingHistory(pickup.pickupId)).toEqual([
      {
        eventId: FIRST,
        status: 'picked_up',
        occurredAt: earlier.occurredAt,
        receivedAt: RECEIVED,
        channel: 'webhook',
        outcome: 'applied',
        note: null,
        details: earlier.payload,
      },
      expect.objectContaining({ eventId: SECOND, status: 'in_transit' }),
    ]);
  });

  it('lists a partner’s rejected events once each, oldest first, continuing after the rejection id given', async () => {
    const eventIds = [randomUUID(), randomUUID(), randomUUID()];
    // The second event arrives twice (a redelivery): it is listed once.
    for (const eventId of [...eventIds.slice(0, 2), eventIds[1], eventIds[2]]) {
      await store().insertRejected({
        partnerId: 'p-rejected',
        eventId,
        pickupId: '00000000-0000-4000-8000-000000000000',
        channel: 'kafka',
        reason: 'unknown-pickup',
        detail: 'pickup 00000000-0000-4000-8000-000000000000 does not exist',
        payload: {
          pickupId: '00000000-0000-4000-8000-000000000000',
          status: 'picked_up',
          occurredAt: RECEIVED.toISOString(),
        },
        receivedAt: RECEIVED,
      });
    }

    const first = await store().rejectedEvents('p-rejected', 2);
    expect(first.map(({ eventId }) => eventId)).toEqual(eventIds.slice(0, 2));
    expect(first[0]).toMatchObject({
      partnerId: 'p-rejected',
      reason: 'unknown-pickup',
      channel: 'kafka',
      receivedAt: RECEIVED,
    });
    const rest = await store().rejectedEvents('p-rejected', 2, first[1].rejectionId);
    expect(rest.map(({ eventId }) => eventId)).toEqual(eventIds.slice(2));
    expect(await store().rejectedEvents('p-nobody', 10)).toEqual([]);
  });
});
