import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ReturnApproved } from '@rebound/contracts';
import { createLogger } from '@rebound/observability';
import { RetentionJob } from '@rebound/persistence';
import { fullScansIn, waitUntil } from '@rebound/testing';
import { pickupsRetention } from '../src/persistence/retention';
import {
  approvedReturn,
  mailBackReturn,
  midnightIn,
  partnerTerms,
  registerPartner,
  tracking,
  type RegisteredPartner,
} from './support/fixtures';
import { usePickupsWorld } from './support/pickups-world';

jest.setTimeout(60_000);

const HOUR_MS = 60 * 60 * 1000;

describe('tracking events from partners', () => {
  const world = usePickupsWorld('pickups-tracking');
  let acme: RegisteredPartner;
  let rival: RegisteredPartner;

  beforeAll(async () => {
    // Acme takes every Berlin pickup (cheapest); Rival is registered too, and will try to meddle.
    acme = await registerPartner(world(), partnerTerms({ costPerPickupMinor: 100 }));
    rival = await registerPartner(world(), partnerTerms({ costPerPickupMinor: 900 }));
  });

  async function bookedPickup(overrides: Partial<ReturnApproved> = {}) {
    const approved = approvedReturn(overrides);
    await world().publish(ReturnApproved, approved, approved.returnId);
    const pickup = await world().pickupOf(approved.returnId);
    expect(pickup.partnerId).toBe(acme.partnerId);
    return { approved, pickup };
  }

  async function stateOf(pickupId: string): Promise<string> {
    return (await world().http('GET', `/v1/pickups/${pickupId}`)).body.state;
  }

  it('follows a pickup from its partner’s topic to the warehouse and announces each step once', async () => {
    const { approved, pickup } = await bookedPickup();

    await world().publishTracking(acme.partnerId, tracking(pickup.pickupId, 'out_for_pickup'));
    await world().publishTracking(acme.partnerId, tracking(pickup.pickupId, 'picked_up'));
    await world().publishTracking(
      acme.partnerId,
      tracking(pickup.pickupId, 'in_transit', { location: 'Hub Berlin-Süd' }),
    );
    await world().publishTracking(
      acme.partnerId,
      tracking(pickup.pickupId, 'delivered_to_warehouse', { warehouseId: 'wh-berlin' }),
    );

    const events = await world().waitForPickupEvents(approved.returnId, 'delivery', (seen) => seen.length === 4);
    expect(events.map((event) => event.type)).toEqual([
      'PickupScheduled',
      'ParcelPickedUp',
      'ParcelInTransit',
      'ParcelDeliveredToWarehouse',
    ]);
    expect(events[1].data).toMatchObject({
      destinationWarehouseId: 'wh-berlin',
      trackingNumber: pickup.trackingNumber,
      lines: [{ lineId: 'line-1', sku: 'SKU-JACKET', quantity: 2 }],
    });
    expect(events[2].data.location).toBe('Hub Berlin-Süd');
    expect(events[3].data.warehouseId).toBe('wh-berlin');
    const done = await world().http('GET', `/v1/pickups/${pickup.pickupId}`);
    expect(done.body.state).toBe('delivered');
    expect(
      done.body.tracking.map((entry: { status: string; channel: string }) => [entry.status, entry.channel]),
    ).toEqual([
      ['out_for_pickup', 'kafka'],
      ['picked_up', 'kafka'],
      ['in_transit', 'kafka'],
      ['delivered_to_warehouse', 'kafka'],
    ]);
  });

  it('ends in the same state when events arrive twice and out of order, keeping the late ones in history only', async () => {
    const { approved, pickup } = await bookedPickup();
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const delivered = tracking(pickup.pickupId, 'delivered_to_warehouse', {
      warehouseId: 'wh-berlin',
      occurredAt: at(30),
    });
    const deliveredId = randomUUID();

    await world().publishTracking(acme.partnerId, delivered, { id: deliveredId });
    await world().publishTracking(acme.partnerId, delivered, { id: deliveredId });
    await world().publishTracking(acme.partnerId, tracking(pickup.pickupId, 'in_transit', { occurredAt: at(20) }));
    await world().publishTracking(acme.partnerId, tracking(pickup.pickupId, 'picked_up', { occurredAt: at(10) }));
    // One pickup's events share a partition: once the last is in the history, the duplicate was seen too.
    await waitForHistory(pickup.pickupId, 3);
    const late = await world().postWebhook(acme.partnerId, acme.webhookSecret, {
      eventId: randomUUID(),
      ...tracking(pickup.pickupId, 'in_transit', { occurredAt: at(25) }),
    });

    expect(late.status).toBe(202);
    expect(late.body).toEqual({ outcome: 'ignored', state: 'delivered', note: 'the pickup is already delivered' });
    const history = await waitForHistory(pickup.pickupId, 4);
    expect(history.map((entry: { status: string; outcome: string }) => [entry.status, entry.outcome])).toEqual([
      ['picked_up', 'ignored'],
      ['in_transit', 'ignored'],
      ['in_transit', 'ignored'],
      ['delivered_to_warehouse', 'applied'],
    ]);
    expect(await stateOf(pickup.pickupId)).toBe('delivered');
    // Delivered means it was picked up: that is announced once, before the delivery, and nothing after.
    expect(
      world()
        .pickupEvents(approved.returnId)
        .map((event) => event.type),
    ).toEqual(['PickupScheduled', 'ParcelPickedUp', 'ParcelDeliveredToWarehouse']);
  });

  it('rejects and records an event about another partner’s pickup from its topic, and applies nothing', async () => {
    const { approved, pickup } = await bookedPickup();

    const spoofed = await world().publishTracking(rival.partnerId, {
      ...tracking(pickup.pickupId, 'delivered_to_warehouse', { warehouseId: 'wh-elsewhere' }),
      partnerId: acme.partnerId,
    });

    const rejected = await waitUntilRejected(rival.partnerId, spoofed);
    expect(rejected).toMatchObject({
      pickupId: pickup.pickupId,
      channel: 'kafka',
      reason: 'foreign-pickup',
      detail: `pickup ${pickup.pickupId} is not ${rival.partnerId}'s`,
    });
    expect(await stateOf(pickup.pickupId)).toBe('scheduled');
    expect((await world().http('GET', `/v1/pickups/${pickup.pickupId}`)).body.tracking).toEqual([]);
    expect(
      world()
        .pickupEvents(approved.returnId)
        .map((event) => event.type),
    ).toEqual(['PickupScheduled']);
  });

  it('refuses with 403 and records a webhook, signed by one partner, about another partner’s pickup', async () => {
    const { pickup } = await bookedPickup();
    const eventId = randomUUID();

    const answer = await world().postWebhook(rival.partnerId, rival.webhookSecret, {
      eventId,
      ...tracking(pickup.pickupId, 'picked_up'),
    });

    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      type: 'https://rebound.dev/problems/foreign-pickup',
      detail: `pickup ${pickup.pickupId} is not ${rival.partnerId}'s`,
    });
    expect(await waitUntilRejected(rival.partnerId, eventId)).toMatchObject({
      channel: 'webhook',
      reason: 'foreign-pickup',
    });
    expect(await stateOf(pickup.pickupId)).toBe('scheduled');
  });

  it('refuses webhooks with a wrong signature, a stale timestamp or no signature, with 401 saying which, and applies nothing', async () => {
    const { pickup } = await bookedPickup();
    const body = { eventId: randomUUID(), ...tracking(pickup.pickupId, 'picked_up') };

    const forged = await world().postWebhook(acme.partnerId, rival.webhookSecret, body);
    const stale = await world().postWebhook(acme.partnerId, acme.webhookSecret, body, {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const unsigned = await world().partnerHttp('POST', `/v1/partners/${acme.partnerId}/tracking-events`, body);
    // A partner that does not exist is answered as a forged signature: the webhook names no partners.
    const nobody = await world().postWebhook('no-such-partner', acme.webhookSecret, body);

    expect([forged.status, forged.body.type]).toEqual([401, 'https://rebound.dev/problems/invalid-signature']);
    expect([nobody.status, { ...nobody.body, instance: undefined }]).toEqual([
      401,
      { ...forged.body, instance: undefined },
    ]);
    expect([stale.status, stale.body.type]).toEqual([401, 'https://rebound.dev/problems/stale-timestamp']);
    expect(stale.body.detail).toMatch(/^Rebound-Timestamp is 60\d s away from now; at most 300 s are accepted/);
    expect([unsigned.status, unsigned.body.type]).toEqual([401, 'https://rebound.dev/problems/missing-signature']);
    expect(await stateOf(pickup.pickupId)).toBe('scheduled');

    const genuine = await world().postWebhook(acme.partnerId, acme.webhookSecret, body);
    expect(genuine.body).toEqual({ outcome: 'applied', state: 'picked_up' });
    const replayed = await world().postWebhook(acme.partnerId, acme.webhookSecret, body);
    expect(replayed.body).toEqual({ outcome: 'duplicate' });
  });

  it('names every bad field of a signed webhook with 400, and changes nothing', async () => {
    const { pickup } = await bookedPickup();

    const answer = await world().postWebhook(acme.partnerId, acme.webhookSecret, {
      eventId: 'not-a-uuid',
      pickupId: pickup.pickupId,
      status: 'attempt_failed',
      occurredAt: 'yesterday',
      partnerId: acme.partnerId,
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'eventId', message: 'must be a UUID' },
      { field: 'occurredAt', message: 'must be an ISO-8601 timestamp with a time zone (Z or ±hh:mm)' },
      { field: 'partnerId', message: 'is not allowed' },
      { field: 'reason', message: 'is required' },
    ]);
    expect(await stateOf(pickup.pickupId)).toBe('scheduled');
  });

  it('sends a malformed event from a partner topic to the dead-letter topic, and goes on with the next', async () => {
    const { pickup } = await bookedPickup();
    const poison = await world().publishTracking(acme.partnerId, { pickupId: pickup.pickupId, status: 'teleported' });
    await world().publishTracking(acme.partnerId, tracking(pickup.pickupId, 'picked_up'));

    const [dead] = await world()
      .waitForDeadLetters('the malformed event', (messages) =>
        messages.some((message) => message.headers['ce_id'] === poison),
      )
      .then((messages) => messages.filter((message) => message.headers['ce_id'] === poison));
    expect(dead.headers['dlt-error-message']).toContain('status: must be one of: out_for_pickup, picked_up');
    await waitForHistory(pickup.pickupId, 1);
    expect(await stateOf(pickup.pickupId)).toBe('picked_up');
  });

  it('rebooks the next free slot after a failed attempt, and abandons the pickup when the return’s attempts run out', async () => {
    const { approved, pickup } = await bookedPickup({ maxPickupAttempts: 2 });

    await world().publishTracking(acme.partnerId, tracking(pickup.pickupId, 'out_for_pickup'));
    await world().publishTracking(
      acme.partnerId,
      tracking(pickup.pickupId, 'attempt_failed', { reason: 'nobody home' }),
    );
    const rebooked = await world().waitForPickupEvents(
      approved.returnId,
      'the reschedule',
      (seen) => seen.length === 3,
    );
    expect(rebooked.map((event) => event.type)).toEqual([
      'PickupScheduled',
      'PickupAttemptFailed',
      'PickupRescheduled',
    ]);
    expect(rebooked[1].data).toMatchObject({ attempt: 1, reason: 'nobody home' });
    expect(rebooked[2].data).toMatchObject({ attempt: 2, reason: 'nobody home' });
    const second = (await world().http('GET', `/v1/pickups/${pickup.pickupId}`)).body;
    expect(second).toMatchObject({ state: 'scheduled', attempt: 2, slot: rebooked[2].data.slot });
    const bookings = await world().waitForBookings(
      acme.partnerId,
      approved.returnId,
      'the second booking',
      (seen) => seen.length === 2,
    );
    expect(bookings.map((booking) => [booking.type, booking.data.attempt])).toEqual([
      ['PickupBooked', 1],
      ['PickupBooked', 2],
    ]);

    await world().publishTracking(
      acme.partnerId,
      tracking(pickup.pickupId, 'attempt_failed', { reason: 'address not found' }),
    );
    const ended = await world().waitForPickupEvents(approved.returnId, 'the abandonment', (seen) => seen.length === 5);
    expect(ended.slice(3).map((event) => event.type)).toEqual(['PickupAttemptFailed', 'PickupAbandoned']);
    expect(ended[4].data).toMatchObject({
      reason: 'attempts_exhausted',
      attempts: 2,
      detail: 'pickup failed 2 time(s), the most the return allows; last: address not found',
    });
    const told = await world().waitForBookings(
      acme.partnerId,
      approved.returnId,
      'the cancellation',
      (seen) => seen.length === 3,
    );
    expect(told[2].type).toBe('PickupBookingCancelled');
    expect(await stateOf(pickup.pickupId)).toBe('abandoned');
  });

  it('gives up a booking nobody collected once its grace time has passed', async () => {
    const window = { from: midnightIn(1).toISOString(), to: midnightIn(2).toISOString() };
    const { approved, pickup } = await bookedPickup({ pickup: { ...approvedReturn().pickup!, window } });
    const pastDeadline = new Date(pickup.deadline).getTime() - Date.now() + HOUR_MS;

    world().clock.advance(pastDeadline);
    try {
      const events = await world().waitForPickupEvents(approved.returnId, 'the expiry', (seen) => seen.length === 2);
      expect(events[1]).toMatchObject({ type: 'PickupAbandoned', data: { reason: 'booking_expired', attempts: 1 } });
    } finally {
      world().clock.advance(-pastDeadline);
    }
    expect(await stateOf(pickup.pickupId)).toBe('abandoned');
  });

  it('gives up a label nobody used before it expired', async () => {
    const approved = mailBackReturn({ labelValidityDays: 1 });
    await world().publish(ReturnApproved, approved, approved.returnId);
    const label = await world().pickupOf(approved.returnId);
    const pastExpiry = new Date(label.deadline).getTime() - Date.now() + HOUR_MS;

    world().clock.advance(pastExpiry);
    try {
      const events = await world().waitForPickupEvents(approved.returnId, 'the expiry', (seen) => seen.length === 2);
      expect(events.map((event) => event.type)).toEqual(['LabelIssued', 'PickupAbandoned']);
      expect(events[1].data).toMatchObject({
        reason: 'label_expired',
        attempts: 0,
        detail: `the mail_back label was not used before ${label.deadline}`,
      });
    } finally {
      world().clock.advance(-pastExpiry);
    }
    expect(await stateOf(label.pickupId)).toBe('abandoned');
  });

  it('forgets refused events once they are older than the retention, and keeps the recent ones', async () => {
    const { pickup } = await bookedPickup();
    const [oldId, recentId] = [randomUUID(), randomUUID()];
    for (const eventId of [oldId, recentId]) {
      const answer = await world().postWebhook(rival.partnerId, rival.webhookSecret, {
        eventId,
        ...tracking(pickup.pickupId, 'picked_up'),
      });
      expect(answer.status).toBe(403);
    }
    await world().schema.query(
      "UPDATE rejected_tracking_events SET received_at = now() - interval '31 days' WHERE event_id = $1",
      [oldId],
    );
    const [rule] = pickupsRetention(30 * 24 * 3600_000);
    const dataSource = world().app.app.get(DataSource);
    const job = new RetentionJob({
      dataSource,
      rules: [rule],
      logger: createLogger({ service: 'it', level: 'silent' }),
    });

    expect(await job.run()).toEqual({ rejected_tracking_events: 1 });
    const { body } = await world().http('GET', `/v1/partners/${rival.partnerId}/rejected-events?limit=100`);
    const listed = body.items.map((item: { eventId: string }) => item.eventId);
    expect(listed).toContain(recentId);
    expect(listed).not.toContain(oldId);
    expect(await fullScansIn(dataSource, rule)).toEqual([]);
  });

  function waitForHistory(pickupId: string, count: number) {
    return waitUntil(`${count} tracking events of pickup ${pickupId}`, async () => {
      const { body } = await world().http('GET', `/v1/pickups/${pickupId}`);
      return body.tracking.length >= count && body.tracking;
    });
  }

  function waitUntilRejected(partnerId: string, eventId: string) {
    return waitUntil(`event ${eventId} rejected`, async () => {
      const { body } = await world().http('GET', `/v1/partners/${partnerId}/rejected-events?limit=100`);
      return body.items.find((item: { eventId: string }) => item.eventId === eventId);
    });
  }
});
