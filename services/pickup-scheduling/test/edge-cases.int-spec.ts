/**
 * Pickups at the edges: labels that carry pickup details, late and reordered reports around a
 * rebooking, event ids two partners share, forged cursors and zone-less times. Every test books in a
 * country of its own, so the partners one test registers never compete for another test's returns.
 */
import { randomUUID } from 'node:crypto';
import { encodeCursor } from '@rebound/kernel';
import { ReturnApproved } from '@rebound/contracts';
import { waitUntil } from '@rebound/testing';
import {
  approvedReturn,
  mailBackReturn,
  midnightIn,
  partnerTerms,
  registerPartner,
  tracking,
  type PartnerTerms,
} from './support/fixtures';
import { usePickupsWorld } from './support/pickups-world';

jest.setTimeout(60_000);

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

function addressIn(country: string, postalCode: string) {
  return { name: 'Erika Mustermann', line1: 'Hauptstr. 1', postalCode, city: 'Somewhere', country };
}

describe('pickups at the edges', () => {
  const world = usePickupsWorld('pickups-edges');

  async function stateOf(pickupId: string) {
    return (await world().http('GET', `/v1/pickups/${pickupId}`)).body;
  }

  type HistoryEntry = { eventId: string; status: string };

  function waitForHistory(pickupId: string, done: (history: HistoryEntry[]) => boolean): Promise<HistoryEntry[]> {
    return waitUntil(`tracking history of ${pickupId}`, async () => {
      const { body } = await world().http('GET', `/v1/pickups/${pickupId}`);
      return done(body.tracking) && (body.tracking as HistoryEntry[]);
    });
  }

  describe('labels approved with pickup details (returns-intake passes `pickup` on for any method)', () => {
    it('issues a mail-back label from a label-only partner when the customer also gave an address and window', async () => {
      // A mail-back partner needs no slot windows (partner-terms.ts only asks for them for pickups).
      const labelsOnly = await registerPartner(
        world(),
        partnerTerms({
          serviceAreas: [{ country: 'AT', postalPrefixes: [] }],
          capabilities: ['mail_back'],
          slotWindows: [],
        }),
      );
      const approved = approvedReturn({
        method: 'mail_back',
        shippingRegion: 'AT',
        pickup: {
          address: addressIn('AT', '1010'),
          window: { from: midnightIn(1).toISOString(), to: midnightIn(3).toISOString() },
        },
      });

      await world().publish(ReturnApproved, approved, approved.returnId);
      const events = await world().waitForPickupEvents(approved.returnId, 'the booking', (seen) => seen.length >= 1);

      expect(events[0].type).toBe('LabelIssued');
      expect((await world().pickupOf(approved.returnId)).partnerId).toBe(labelsOnly.partnerId);
    });

    it('gives such a label the policy’s validity and takes no pickup slot for it', async () => {
      const partner = await registerPartner(
        world(),
        partnerTerms({ serviceAreas: [{ country: 'NL', postalPrefixes: [] }] }),
      );
      const approved = approvedReturn({
        method: 'mail_back',
        shippingRegion: 'NL',
        labelValidityDays: 14,
        pickup: {
          address: addressIn('NL', '1011'),
          window: { from: midnightIn(1).toISOString(), to: midnightIn(3).toISOString() },
        },
      });

      await world().publish(ReturnApproved, approved, approved.returnId);
      const [issued] = await world().waitForPickupEvents(approved.returnId, 'the label', (seen) => seen.length >= 1);
      const slots = await world().http('GET', `/v1/partners/${partner.partnerId}/slots`);

      expect(issued.type).toBe('LabelIssued');
      expect(new Date(issued.data.expiresAt).getTime()).toBeGreaterThan(Date.now() + 13 * DAY_MS);
      expect(slots.body).toEqual([]);
    });

    it('ignores attempt_failed for such a label', async () => {
      const partner = await registerPartner(
        world(),
        partnerTerms({ serviceAreas: [{ country: 'BE', postalPrefixes: [] }] }),
      );
      const approved = approvedReturn({
        method: 'mail_back',
        shippingRegion: 'BE',
        pickup: {
          address: addressIn('BE', '1000'),
          window: { from: midnightIn(1).toISOString(), to: midnightIn(3).toISOString() },
        },
      });
      await world().publish(ReturnApproved, approved, approved.returnId);
      const label = await world().pickupOf(approved.returnId);

      const answer = await world().postWebhook(partner.partnerId, partner.webhookSecret, {
        eventId: randomUUID(),
        ...tracking(label.pickupId, 'attempt_failed', { reason: 'nobody home' }),
      });

      expect(answer.status).toBe(202);
      expect(answer.body.outcome).toBe('ignored');
    });
  });

  it('applies a partner’s Kafka event even when another partner used the same event id first', async () => {
    const alpha = await registerPartner(
      world(),
      partnerTerms({ serviceAreas: [{ country: 'PL', postalPrefixes: ['1'] }], costPerPickupMinor: 100 }),
    );
    const beta = await registerPartner(
      world(),
      partnerTerms({ serviceAreas: [{ country: 'PL', postalPrefixes: ['2'] }], costPerPickupMinor: 100 }),
    );
    const booked = async (postalCode: string) => {
      const approved = approvedReturn({
        shippingRegion: 'PL',
        pickup: {
          address: addressIn('PL', postalCode),
          window: { from: midnightIn(1).toISOString(), to: midnightIn(3).toISOString() },
        },
      });
      await world().publish(ReturnApproved, approved, approved.returnId);
      return world().pickupOf(approved.returnId);
    };
    const alphas = await booked('10-001');
    const betas = await booked('20-001');
    expect([alphas.partnerId, betas.partnerId]).toEqual([alpha.partnerId, beta.partnerId]);
    const sharedId = randomUUID();

    // Beta uses an id first (about its own pickup; a hostile partner could as well send it about any
    // pickup and have it rejected).
    await world().publishTracking(beta.partnerId, tracking(betas.pickupId, 'out_for_pickup'), { id: sharedId });
    await waitForHistory(betas.pickupId, (history) => history.length === 1);
    await world().publishTracking(alpha.partnerId, tracking(alphas.pickupId, 'out_for_pickup'), { id: sharedId });
    // Same key (pickup id) → same partition: once this one is in, the one before it was handled.
    const marker = await world().publishTracking(
      alpha.partnerId,
      tracking(alphas.pickupId, 'exception', { reason: 'marker' }),
    );
    const history = await waitForHistory(alphas.pickupId, (seen) => seen.some((entry) => entry.eventId === marker));

    expect(history.map((entry) => entry.eventId)).toContain(sharedId);
  });

  it('answers a forged cursor with an out-of-range rejection id with 400 invalid-cursor', async () => {
    const partner = await registerPartner(
      world(),
      partnerTerms({ serviceAreas: [{ country: 'CZ', postalPrefixes: [] }] }),
    );
    const cursor = encodeCursor({ rejectionId: '99999999999999999999' });

    const answer = await fetch(
      `${world().app.httpUrl}/v1/partners/${partner.partnerId}/rejected-events?cursor=${cursor}`,
      { headers: world().trustedCaller },
    );

    expect(answer.status).toBe(400);
  });

  it('applies a pick-up that happened before the label expired even when it is reported after the sweep', async () => {
    const partner = await registerPartner(
      world(),
      partnerTerms({ serviceAreas: [{ country: 'FR', postalPrefixes: [] }] }),
    );
    const approved = mailBackReturn({ shippingRegion: 'FR', labelValidityDays: 1 });
    await world().publish(ReturnApproved, approved, approved.returnId);
    const label = await world().pickupOf(approved.returnId);
    const droppedOffAt = new Date().toISOString(); // well before the label's expiry
    const pastExpiry = new Date(label.deadline).getTime() - Date.now() + HOUR_MS;

    world().clock.advance(pastExpiry);
    try {
      await world().waitForPickupEvents(approved.returnId, 'the expiry', (seen) => seen.length === 2);
    } finally {
      world().clock.advance(-pastExpiry);
    }
    const answer = await world().postWebhook(partner.partnerId, partner.webhookSecret, {
      eventId: randomUUID(),
      ...tracking(label.pickupId, 'picked_up', { occurredAt: droppedOffAt }),
    });

    expect(answer.body.outcome).toBe('applied');
  });

  describe('failed attempts', () => {
    async function bookedIn(country: string, terms: Partial<PartnerTerms> = {}) {
      const partner = await registerPartner(
        world(),
        partnerTerms({ serviceAreas: [{ country, postalPrefixes: [] }], ...terms }),
      );
      const approved = approvedReturn({
        shippingRegion: country,
        maxPickupAttempts: 3,
        pickup: {
          address: addressIn(country, '12345'),
          window: { from: midnightIn(1).toISOString(), to: midnightIn(3).toISOString() },
        },
      });
      await world().publish(ReturnApproved, approved, approved.returnId);
      const pickup = await world().pickupOf(approved.returnId);
      expect(pickup.partnerId).toBe(partner.partnerId);
      return { partner, approved, pickup };
    }

    it('does not rebook a failed attempt into the very slot it already holds', async () => {
      // One all-day window: today's has begun, so the customer's window (from tomorrow 00:00) gets
      // tomorrow's, and that is also the earliest slot a rebook made now can take.
      const { partner, approved, pickup } = await bookedIn('IT', {
        slotWindows: [{ start: '00:00', end: '24:00', capacity: 5 }],
      });
      expect(pickup.slot.from).toBe(midnightIn(1).toISOString());

      // Reported before the slot began (the partner already knows the address is wrong, say).
      await world().publishTracking(
        partner.partnerId,
        tracking(pickup.pickupId, 'attempt_failed', { reason: 'no access' }),
      );
      const events = await world().waitForPickupEvents(
        approved.returnId,
        'the reschedule',
        (seen) => seen.length === 3,
      );
      const usage = await world().http(
        'GET',
        `/v1/partners/${partner.partnerId}/slots?from=${midnightIn(0).toISOString()}`,
      );

      expect(events[2].data.slot.from).not.toBe(pickup.slot.from);
      const held = usage.body.find((slot: { from: string }) => slot.from === pickup.slot.from);
      expect(held.booked).toBe(1);
    });

    it('gives the rebooked slot back and tells the partner when a pick-up follows a reported failure', async () => {
      const { partner, approved, pickup } = await bookedIn('ES');
      const failedAt = new Date(Date.now() + 1_000).toISOString();
      const collectedAt = new Date(Date.now() + 60_000).toISOString();

      // The driver could not get in, then came back the same visit and collected the parcel.
      await world().publishTracking(
        partner.partnerId,
        tracking(pickup.pickupId, 'attempt_failed', { reason: 'gate closed', occurredAt: failedAt }),
      );
      await world().waitForPickupEvents(approved.returnId, 'the reschedule', (seen) => seen.length === 3);
      const rebooked = (await stateOf(pickup.pickupId)).slot;
      await world().publishTracking(
        partner.partnerId,
        tracking(pickup.pickupId, 'picked_up', { occurredAt: collectedAt }),
      );
      await world().waitForPickupEvents(approved.returnId, 'the pick-up', (seen) => seen.length === 4);

      // The first booking, the rebooking, and what the pick-up calls off.
      const bookings = await world().waitForBookings(
        partner.partnerId,
        approved.returnId,
        'bookings',
        (seen) => seen.length >= 3,
      );
      const usage = await world().http(
        'GET',
        `/v1/partners/${partner.partnerId}/slots?from=${midnightIn(0).toISOString()}`,
      );
      expect(bookings.map((booking) => booking.type)).toContain('PickupBookingCancelled');
      const second = usage.body.find((slot: { from: string }) => slot.from === rebooked.from);
      expect(second?.booked ?? 0).toBe(pickup.slot.from === rebooked.from ? 1 : 0);
    });

    it('ends in the same state whichever order out_for_pickup and the attempt_failed after it arrive in', async () => {
      const { partner, approved, pickup } = await bookedIn('GR');
      const outAt = new Date(Date.now() + 1_000).toISOString();
      const failedAt = new Date(Date.now() + 2_000).toISOString();

      // Reordered: the failure first, then the out_for_pickup that preceded it at the partner.
      await world().publishTracking(
        partner.partnerId,
        tracking(pickup.pickupId, 'attempt_failed', { reason: 'nobody home', occurredAt: failedAt }),
      );
      await world().waitForPickupEvents(approved.returnId, 'the reschedule', (seen) => seen.length === 3);
      await world().publishTracking(
        partner.partnerId,
        tracking(pickup.pickupId, 'out_for_pickup', { occurredAt: outAt }),
      );
      await waitForHistory(pickup.pickupId, (history) => history.length === 2);

      // In order this ends 'scheduled' (attempt 2): the late out_for_pickup belongs to attempt 1.
      expect(await stateOf(pickup.pickupId)).toMatchObject({ state: 'scheduled', attempt: 2 });
    });

    it('abandons as no_partner_available when the partner has no slot left to retry in', async () => {
      const terms = partnerTerms({ serviceAreas: [{ country: 'PT', postalPrefixes: [] }] });
      const { partner, approved, pickup } = await bookedIn('PT', terms);
      const { partnerId: _id, webhookSecret: _secret, ...rest } = terms;
      // The partner stops taking pickups: no slot is left to retry in.
      await world().http('PUT', `/v1/partners/${partner.partnerId}`, {
        ...rest,
        slotWindows: rest.slotWindows.map((window) => ({ ...window, capacity: 0 })),
      });

      await world().publishTracking(
        partner.partnerId,
        tracking(pickup.pickupId, 'attempt_failed', { reason: 'nobody home' }),
      );
      const events = await world().waitForPickupEvents(
        approved.returnId,
        'the abandonment',
        (seen) => seen.length === 3,
      );

      expect(events[2]).toMatchObject({ type: 'PickupAbandoned', data: { reason: 'no_partner_available' } });
    });
  });

  describe('webhook edge', () => {
    it('refuses a body without a time zone in occurredAt, naming the field', async () => {
      const partner = await registerPartner(
        world(),
        partnerTerms({ serviceAreas: [{ country: 'DK', postalPrefixes: [] }] }),
      );
      const approved = approvedReturn({
        shippingRegion: 'DK',
        pickup: {
          address: addressIn('DK', '1050'),
          window: { from: midnightIn(1).toISOString(), to: midnightIn(3).toISOString() },
        },
      });
      await world().publish(ReturnApproved, approved, approved.returnId);
      const pickup = await world().pickupOf(approved.returnId);

      // Without a zone, which instant it names would depend on the server's time zone.
      const answer = await world().postWebhook(partner.partnerId, partner.webhookSecret, {
        eventId: randomUUID(),
        pickupId: pickup.pickupId,
        status: 'out_for_pickup',
        occurredAt: new Date().toISOString().slice(0, 19),
      });

      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { field: 'occurredAt', message: 'must be an ISO-8601 timestamp with a time zone (Z or ±hh:mm)' },
      ]);
    });

    it('treats the same partner event id over Kafka and the webhook as one event, either way round', async () => {
      const partner = await registerPartner(
        world(),
        partnerTerms({ serviceAreas: [{ country: 'FI', postalPrefixes: [] }] }),
      );
      const approved = approvedReturn({
        shippingRegion: 'FI',
        pickup: {
          address: addressIn('FI', '00100'),
          window: { from: midnightIn(1).toISOString(), to: midnightIn(3).toISOString() },
        },
      });
      await world().publish(ReturnApproved, approved, approved.returnId);
      const pickup = await world().pickupOf(approved.returnId);
      const viaKafka = randomUUID();
      const viaWebhook = randomUUID();

      await world().publishTracking(partner.partnerId, tracking(pickup.pickupId, 'out_for_pickup'), { id: viaKafka });
      await waitForHistory(pickup.pickupId, (history) => history.length === 1);
      const again = await world().postWebhook(partner.partnerId, partner.webhookSecret, {
        eventId: viaKafka.toUpperCase(),
        ...tracking(pickup.pickupId, 'out_for_pickup'),
      });
      const first = await world().postWebhook(partner.partnerId, partner.webhookSecret, {
        eventId: viaWebhook,
        ...tracking(pickup.pickupId, 'picked_up'),
      });
      await world().publishTracking(partner.partnerId, tracking(pickup.pickupId, 'picked_up'), { id: viaWebhook });
      const marker = await world().publishTracking(
        partner.partnerId,
        tracking(pickup.pickupId, 'exception', { reason: 'marker' }),
      );
      const history = await waitForHistory(pickup.pickupId, (seen) => seen.some((entry) => entry.eventId === marker));

      expect(again.body).toEqual({ outcome: 'duplicate' });
      expect(first.body).toEqual({ outcome: 'applied', state: 'picked_up' });
      expect(history.map((entry) => entry.eventId).sort()).toEqual([viaKafka, viaWebhook, marker].sort());
      expect(
        world()
          .pickupEvents(approved.returnId)
          .map((event) => event.type),
      ).toEqual(['PickupScheduled', 'ParcelPickedUp']);
    });

    it('answers an oversized webhook body with a problem+json 413', async () => {
      const partner = await registerPartner(
        world(),
        partnerTerms({ serviceAreas: [{ country: 'SE', postalPrefixes: [] }] }),
      );
      const raw = JSON.stringify({
        eventId: randomUUID(),
        pickupId: randomUUID(),
        status: 'exception',
        occurredAt: new Date().toISOString(),
        reason: 'x'.repeat(200_000),
      });

      const answer = await fetch(`${world().app.httpUrl}/v1/partners/${partner.partnerId}/tracking-events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'rebound-timestamp': '1', 'rebound-signature': 'v1=00' },
        body: raw,
      });

      expect(answer.status).toBe(413);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    });
  });
});
