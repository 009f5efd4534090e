import { randomUUID } from 'node:crypto';
import { ReturnApproved, ReturnCancelled } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import { BookPickup } from '../src/domain/use-cases/book-pickup/book-pickup';
import { BookPickupCommand } from '../src/domain/use-cases/book-pickup/book-pickup.command';
import { pickupsTransactions } from '../src/persistence/pickups-transactions';
import {
  approvedReturn,
  cancelledReturn,
  mailBackReturn,
  midnightIn,
  partnerTerms,
  registerPartner,
} from './support/fixtures';
import { usePickupsWorld } from './support/pickups-world';

jest.setTimeout(60_000);

describe('booking pickups', () => {
  const world = usePickupsWorld('pickups-booking');

  it('books the cheapest partner that covers the address and has the method, in the earliest slot of the window, and says why', async () => {
    // Postal prefixes no other test uses keep this test's partners to themselves.
    const area = [{ country: 'DE', postalPrefixes: ['801'] }];
    const cheapElsewhere = await registerPartner(
      world(),
      partnerTerms({ costPerPickupMinor: 100, serviceAreas: [{ country: 'DE', postalPrefixes: ['20'] }] }),
    );
    const cheapNoPickup = await registerPartner(
      world(),
      partnerTerms({ costPerPickupMinor: 200, serviceAreas: area, capabilities: ['mail_back'], slotWindows: [] }),
    );
    const chosen = await registerPartner(world(), partnerTerms({ costPerPickupMinor: 400, serviceAreas: area }));
    const pricier = await registerPartner(world(), partnerTerms({ costPerPickupMinor: 900, serviceAreas: area }));
    const approved = approvedReturn({
      pickup: { ...approvedReturn().pickup!, address: { ...approvedReturn().pickup!.address, postalCode: '80120' } },
    });

    await world().publish(ReturnApproved, approved, approved.returnId);

    const pickup = await world().pickupOf(approved.returnId);
    const earliest = { from: `${midnightIn(1).toISOString().slice(0, 10)}T08:00:00.000Z` };
    expect(pickup).toMatchObject({ partnerId: chosen.partnerId, state: 'scheduled', attempt: 1, maxAttempts: 3 });
    expect(pickup.slot.from).toBe(earliest.from);
    const outcomes = Object.fromEntries(
      pickup.choice.considered.map((entry: { partnerId: string; outcome: string }) => [entry.partnerId, entry.outcome]),
    );
    expect(outcomes[cheapElsewhere.partnerId]).toBe('does not serve DE 80120');
    expect(outcomes[cheapNoPickup.partnerId]).toBe('does not offer carrier_pickup');
    expect(outcomes[chosen.partnerId]).toMatch(/^chosen: 4\.00 EUR, 48 h SLA, slot /);
    expect(outcomes[pricier.partnerId]).toBe('not needed: a better-ranked partner took it');

    const events = await world().waitForPickupEvents(approved.returnId, 'PickupScheduled', (seen) => seen.length > 0);
    expect(events).toMatchObject([
      {
        type: 'PickupScheduled',
        subject: approved.returnId,
        data: expect.objectContaining({
          pickupId: pickup.pickupId,
          partnerId: chosen.partnerId,
          method: 'carrier_pickup',
          attempt: 1,
          slot: { from: pickup.slot.from, to: pickup.slot.to },
        }),
      },
    ]);
    const [booking] = await world().waitForBookings(
      chosen.partnerId,
      approved.returnId,
      'the booking',
      (seen) => seen.length > 0,
    );
    expect(booking.data).toMatchObject({
      pickupId: pickup.pickupId,
      attempt: 1,
      slot: pickup.slot,
      address: approved.pickup?.address,
      trackingNumber: pickup.trackingNumber,
      destinationWarehouseId: 'wh-berlin',
      lines: [{ lineId: 'line-1', sku: 'SKU-JACKET', quantity: 2 }],
    });
  });

  it('compares costs only in the return’s currency: a partner priced in it comes before a cheaper-looking one in another', async () => {
    const area = [{ country: 'DE', postalPrefixes: ['802'] }];
    const inFrancs = await registerPartner(
      world(),
      partnerTerms({ costPerPickupMinor: 100, currency: 'CHF', serviceAreas: area }),
    );
    const inEuros = await registerPartner(world(), partnerTerms({ costPerPickupMinor: 400, serviceAreas: area }));
    const approved = approvedReturn({
      pickup: { ...approvedReturn().pickup!, address: { ...approvedReturn().pickup!.address, postalCode: '80210' } },
    });

    await world().publish(ReturnApproved, approved, approved.returnId);

    const pickup = await world().pickupOf(approved.returnId);
    expect(pickup.partnerId).toBe(inEuros.partnerId);
    const outcomes = Object.fromEntries(
      pickup.choice.considered.map((entry: { partnerId: string; outcome: string }) => [entry.partnerId, entry.outcome]),
    );
    expect(outcomes[inFrancs.partnerId]).toBe('not needed: a better-ranked partner took it');
  });

  it('moves to the next slot once one is full, and to the next partner once the window is full', async () => {
    const area = [{ country: 'DE', postalPrefixes: ['802'] }];
    const small = await registerPartner(
      world(),
      partnerTerms({
        costPerPickupMinor: 100,
        serviceAreas: area,
        slotWindows: [{ start: '09:00', end: '11:00', capacity: 1 }],
      }),
    );
    const fallback = await registerPartner(world(), partnerTerms({ costPerPickupMinor: 300, serviceAreas: area }));
    const oneDay = { from: midnightIn(1).toISOString(), to: midnightIn(2).toISOString() };
    const twoDays = { from: midnightIn(1).toISOString(), to: midnightIn(3).toISOString() };
    const at = (window: typeof oneDay) =>
      approvedReturn({
        pickup: { address: { ...approvedReturn().pickup!.address, postalCode: '80200' }, window },
      });
    const first = at(twoDays);
    const second = at(twoDays);
    const third = at(oneDay);

    for (const approved of [first, second, third]) {
      await world().publish(ReturnApproved, approved, approved.returnId);
      await world().pickupOf(approved.returnId);
    }

    const [a, b, c] = await Promise.all([first, second, third].map((approved) => world().pickupOf(approved.returnId)));
    const day = (days: number) => midnightIn(days).toISOString().slice(0, 10);
    expect([a.partnerId, a.slot.from]).toEqual([small.partnerId, `${day(1)}T09:00:00.000Z`]);
    expect([b.partnerId, b.slot.from]).toEqual([small.partnerId, `${day(2)}T09:00:00.000Z`]);
    expect([c.partnerId, c.slot.from]).toEqual([fallback.partnerId, `${day(1)}T08:00:00.000Z`]);
    const usage = await world().http('GET', `/v1/partners/${small.partnerId}/slots?from=${oneDay.from}`);
    expect(usage.body).toEqual([
      expect.objectContaining({ from: `${day(1)}T09:00:00.000Z`, capacity: 1, booked: 1 }),
      expect.objectContaining({ from: `${day(2)}T09:00:00.000Z`, capacity: 1, booked: 1 }),
    ]);
    const slots = (days: number) =>
      world().http(
        'GET',
        `/v1/partners/${small.partnerId}/slots?from=${oneDay.from}&to=${midnightIn(1 + days).toISOString()}`,
      );
    expect((await slots(31)).body).toEqual(usage.body);
    const tooLong = await slots(32);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ field: 'to', message: 'must be at most 31 days after from' }]);
  });

  it('never books a slot beyond its capacity, however many returns are booked at the same moment', async () => {
    const area = [{ country: 'DE', postalPrefixes: ['803'] }];
    const partner = await registerPartner(
      world(),
      partnerTerms({ serviceAreas: area, slotWindows: [{ start: '10:00', end: '12:00', capacity: 3 }] }),
    );
    const window = { from: midnightIn(1).toISOString(), to: midnightIn(2).toISOString() };
    const returns = Array.from({ length: 12 }, () =>
      approvedReturn({ pickup: { address: { ...approvedReturn().pickup!.address, postalCode: '80300' }, window } }),
    );
    // Each booking in a transaction of its own, all at once: the consumer would apply them one by one.
    const dataSource = createSchemaDataSource({
      url: world().schema.url,
      schema: world().schema.name,
      applicationName: 'concurrent-bookings',
      poolSize: 12,
    });
    await dataSource.initialize();
    try {
      const transactions = pickupsTransactions(dataSource, new Outbox('/rebound/pickup-scheduling'));
      const book = new BookPickup(world().clock, {
        bookingGraceHours: 24,
        bookingHorizonDays: 60,
        rebookHorizonDays: 14,
      });
      await Promise.all(
        returns.map((approved) => transactions.run((tx) => book.execute(tx, BookPickupCommand.from(approved)))),
      );
    } finally {
      await dataSource.destroy();
    }

    const pickups = await Promise.all(returns.map((approved) => world().pickupOf(approved.returnId)));
    const booked = pickups.filter((pickup) => pickup.partnerId === partner.partnerId);
    expect(booked).toHaveLength(3);
    expect(pickups.filter((pickup) => pickup.state === 'abandoned')).toHaveLength(9);
    expect(pickups.find((pickup) => pickup.state === 'abandoned').abandonReason).toBe('no_partner_available');
    const usage = await world().http('GET', `/v1/partners/${partner.partnerId}/slots?from=${window.from}`);
    expect(usage.body).toEqual([expect.objectContaining({ capacity: 3, booked: 3 })]);

    // Booked in the same instant or not, every pickup is on exactly one page, newest first.
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=5&cursor=${cursor}` : 'limit=5';
      const page = await world().http('GET', `/v1/pickups?${query}`);
      expect(page.body.items.length).toBeLessThanOrEqual(5);
      listed.push(...page.body.items.map((item: { pickupId: string }) => item.pickupId));
      cursor = page.body.nextCursor;
    } while (cursor);
    const stored = (await world().schema.query('SELECT pickup_id FROM pickups ORDER BY created_at DESC')) as {
      pickup_id: string;
    }[];
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(stored.map((row) => row.pickup_id).sort());
    expect(listed).toEqual(expect.arrayContaining(pickups.map((pickup) => pickup.pickupId)));
    expect((await world().http('GET', '/v1/pickups?limit=101')).body.errors).toEqual([
      expect.objectContaining({ field: 'limit', message: expect.stringContaining('100') }),
    ]);
  });

  it('issues a label with a tracking number for mail-back, and a drop-off code for in-store drop-off', async () => {
    const partner = await registerPartner(
      world(),
      partnerTerms({
        costPerPickupMinor: 1,
        serviceAreas: [{ country: 'AT', postalPrefixes: [] }],
        slotWindows: [],
        capabilities: ['mail_back', 'in_store_dropoff'],
      }),
    );
    const mailBack = mailBackReturn({ shippingRegion: 'AT', labelValidityDays: 10 });
    const dropOff = mailBackReturn({ shippingRegion: 'AT', method: 'in_store_dropoff' });

    await world().publish(ReturnApproved, mailBack, mailBack.returnId);
    await world().publish(ReturnApproved, dropOff, dropOff.returnId);

    const label = await world().pickupOf(mailBack.returnId);
    expect(label).toMatchObject({ partnerId: partner.partnerId, state: 'label_issued', slot: null, dropOffCode: null });
    expect(label.trackingNumber).toMatch(/^RB\d{12}$/);
    const validFor = new Date(label.deadline).getTime() - new Date(label.createdAt).getTime();
    expect(validFor).toBe(10 * 24 * 60 * 60 * 1000);
    const [issued] = await world().waitForPickupEvents(mailBack.returnId, 'LabelIssued', (seen) => seen.length > 0);
    expect(issued).toMatchObject({
      type: 'LabelIssued',
      data: { method: 'mail_back', trackingNumber: label.trackingNumber, expiresAt: label.deadline },
    });

    const code = await world().pickupOf(dropOff.returnId);
    expect(code.dropOffCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const [booking] = await world().waitForBookings(
      partner.partnerId,
      dropOff.returnId,
      'the booking',
      (seen) => seen.length > 0,
    );
    expect(booking.data).toMatchObject({ method: 'in_store_dropoff', dropOffCode: code.dropOffCode });
  });

  it('abandons at once, naming every partner’s reason, when no partner can take the return', async () => {
    const approved = approvedReturn({
      shippingRegion: 'IS',
      pickup: {
        ...approvedReturn().pickup!,
        address: { ...approvedReturn().pickup!.address, country: 'IS', postalCode: '101' },
      },
    });

    await world().publish(ReturnApproved, approved, approved.returnId);

    const [abandoned] = await world().waitForPickupEvents(
      approved.returnId,
      'PickupAbandoned',
      (seen) => seen.length > 0,
    );
    expect(abandoned.type).toBe('PickupAbandoned');
    expect(abandoned.data).toMatchObject({ reason: 'no_partner_available', attempts: 0 });
    expect(abandoned.data.detail).toMatch(/^no partner can take a carrier_pickup return \(.*does not serve IS 101/);
    expect(abandoned.data.partnerId).toBeUndefined();
  });

  it('books a return once, however often its approval is delivered', async () => {
    await registerPartner(world(), partnerTerms({ serviceAreas: [{ country: 'DE', postalPrefixes: ['805'] }] }));
    const approved = approvedReturn({
      pickup: { ...approvedReturn().pickup!, address: { ...approvedReturn().pickup!.address, postalCode: '80500' } },
    });
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(ReturnApproved, approved, approved.returnId);
    const pickup = await world().pickupOf(approved.returnId);
    await world().waitForPickupEvents(approved.returnId, 'PickupScheduled', (seen) => seen.length > 0);
    const again = await world().http('GET', `/v1/pickups?returnId=${approved.returnId}`);
    expect(again.body.items.map((item: { pickupId: string }) => item.pickupId)).toEqual([pickup.pickupId]);
    expect(
      world()
        .pickupEvents(approved.returnId)
        .map((event) => event.type),
    ).toEqual(['PickupScheduled']);
  });

  it('cancels the booking with the partner and gives the slot back when the return is cancelled before pickup', async () => {
    const area = [{ country: 'DE', postalPrefixes: ['804'] }];
    const partner = await registerPartner(
      world(),
      partnerTerms({ serviceAreas: area, slotWindows: [{ start: '10:00', end: '12:00', capacity: 1 }] }),
    );
    const address = { ...approvedReturn().pickup!.address, postalCode: '80400' };
    const window = { from: midnightIn(1).toISOString(), to: midnightIn(2).toISOString() };
    const approved = approvedReturn({ pickup: { address, window } });
    await world().publish(ReturnApproved, approved, approved.returnId);
    const pickup = await world().pickupOf(approved.returnId);

    await world().publish(ReturnCancelled, cancelledReturn(approved), approved.returnId);

    const events = await world().waitForPickupEvents(approved.returnId, 'PickupCancelled', (seen) => seen.length === 2);
    expect(events.map((event) => event.type)).toEqual(['PickupScheduled', 'PickupCancelled']);
    const sent = await world().waitForBookings(
      partner.partnerId,
      approved.returnId,
      'the cancellation',
      (seen) => seen.length === 2,
    );
    expect(sent.map((event) => event.type)).toEqual(['PickupBooked', 'PickupBookingCancelled']);
    expect((await world().http('GET', `/v1/pickups/${pickup.pickupId}`)).body.state).toBe('cancelled');
    // The freed unit goes to the next return that wants the slot.
    const next = approvedReturn({ pickup: { address, window } });
    await world().publish(ReturnApproved, next, next.returnId);
    expect(await world().pickupOf(next.returnId)).toMatchObject({ partnerId: partner.partnerId, slot: pickup.slot });
  });

  it('refuses a partner registration with every bad field named, and registers nothing', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const answer = await world().http('POST', '/v1/partners', {
      ...partnerTerms({ partnerId }),
      capabilities: ['carrier_pickup', 'teleport'],
      slotWindows: [{ start: '12:00', end: '09:00', capacity: 2 }],
      currency: 'euro',
      partnerIdInBody: true,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'capabilities',
      'currency',
      'partnerIdInBody',
    ]);
    const windows = await world().http('POST', '/v1/partners', {
      ...partnerTerms({ partnerId }),
      slotWindows: [{ start: '12:00', end: '09:00', capacity: 2 }],
    });
    expect(windows.status).toBe(400);
    expect(windows.body.errors).toEqual([{ field: 'slotWindows[0].end', message: 'must be after start (12:00)' }]);
    expect((await world().http('GET', `/v1/partners/${partnerId}`)).status).toBe(404);
  });
});
