/**
 * A return no partner can collect is refused before it is approved, over REST and gRPC, by preview
 * and open alike — from the coverage pickup-scheduling announces on `pickups.partner.v1`.
 */
import { PartnerCoverageChanged } from '@rebound/contracts';
import { waitUntil } from '@rebound/testing';
import { everywhere, useIntakeWorld } from './support/intake-world';
import { fieldsNamedIn, grpcFailure, useReturnsGrpcClient } from './support/grpc-client';
import { TestOrder, deliveredOrder, pickup, putOrder, shirtReturn } from './support/orders';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** Tomorrow (UTC) at `fromHour` to `toHour`. */
function tomorrow(fromHour: number, toHour: number) {
  const midnight = Math.floor(Date.now() / DAY) * DAY + DAY;
  return {
    from: new Date(midnight + fromHour * HOUR).toISOString(),
    to: new Date(midnight + toHour * HOUR).toISOString(),
  };
}

const berlin = (window: { from: string; to: string }, postalCode = '10115') => ({
  address: { ...pickup.address, postalCode },
  window,
});

describe('a pickup no partner can make', () => {
  const world = useIntakeWorld('intake-coverage');
  const grpc = useReturnsGrpcClient(world);

  beforeAll(async () => {
    // Only Berlin postcodes, mornings 08:00-12:00, no curbside pickup.
    await world().announceCoverage({ partnerId: 'test-everywhere', active: false });
    await world().announceCoverage({
      partnerId: 'berlin-mornings',
      serviceAreas: [{ country: 'DE', postalPrefixes: ['10'] }],
      capabilities: ['carrier_pickup', 'mail_back'],
      slotWindows: [{ start: '08:00', end: '12:00', capacity: 10 }],
      horizonDays: 14,
    });
  });

  const carrierReturn = (order: TestOrder, window: { from: string; to: string }, postalCode?: string) =>
    shirtReturn(order, { method: 'carrier_pickup', pickup: berlin(window, postalCode) });

  it('refuses a window no slot lies wholly inside with 422 naming pickup.window, suggesting windows that work', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const request = carrierReturn(order, tomorrow(9, 13));

    for (const path of ['/v1/returns/preview', '/v1/returns']) {
      const refused = await world().http('POST', path, request);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        type: 'https://rebound.dev/problems/window-not-served',
        errors: [expect.objectContaining({ field: 'pickup.window', code: 'window-not-served' })],
      });
      expect(refused.body.suggestedPickupWindows).toHaveLength(3);
      expect(refused.body.suggestedPickupWindows).toContainEqual(tomorrow(8, 12));
    }

    const suggested = (await world().http('POST', '/v1/returns/preview', request)).body.suggestedPickupWindows;
    const taken = await world().http('POST', '/v1/returns', carrierReturn(order, suggested[0]));
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ status: 'approved', pickup: { window: suggested[0] } });
    const listed = await world().http('GET', `/v1/returns?orderId=${order.orderId}`);
    expect(listed.body.items).toHaveLength(1);
  });

  it('refuses a window beyond the partners’ booking horizon', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const far = new Date(Date.now() + 30 * DAY).toISOString();
    const refused = await world().http(
      'POST',
      '/v1/returns',
      carrierReturn(order, { from: far, to: new Date(Date.parse(far) + DAY).toISOString() }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'pickup.window' })]);
  });

  it('refuses an address no partner serves, and a method no partner offers there, with their own 422s', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const munich = await world().http('POST', '/v1/returns', carrierReturn(order, tomorrow(7, 13), '80331'));
    expect(munich.status).toBe(422);
    expect(munich.body).toMatchObject({
      type: 'https://rebound.dev/problems/address-not-served',
      errors: [expect.objectContaining({ field: 'pickup.address', code: 'address-not-served' })],
    });

    const curbside = await world().http('POST', '/v1/returns/preview', {
      ...carrierReturn(order, tomorrow(7, 13)),
      method: 'curbside_pickup',
    });
    expect(curbside.status).toBe(422);
    expect(curbside.body).toMatchObject({
      type: 'https://rebound.dev/problems/method-not-served',
      errors: [expect.objectContaining({ field: 'method', code: 'method-not-served' })],
    });

    const inFrance = await putOrder(world(), deliveredOrder({ shippingRegion: 'FR' }));
    const label = await world().http('POST', '/v1/returns', shirtReturn(inFrance));
    expect(label.status).toBe(422);
    expect(label.body.errors).toEqual([expect.objectContaining({ field: 'orderId', code: 'address-not-served' })]);
    const none = await world().http('GET', `/v1/returns?orderId=${order.orderId}`);
    expect(none.body.items).toEqual([]);
  });

  it('says the same over gRPC: FAILED_PRECONDITION naming pickup.window, with the windows that would work', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const request = carrierReturn(order, tomorrow(9, 13));
    for (const call of [grpc().previewReturn(request), grpc().createReturn(request)]) {
      const failure = await grpcFailure(call);
      expect(failure.status).toBe('FAILED_PRECONDITION');
      expect(fieldsNamedIn(failure.message)).toEqual(['pickup.window']);
      expect(failure.message).toContain(`${tomorrow(8, 12).from} to ${tomorrow(8, 12).to}`);
    }
    const unserved = await grpcFailure(grpc().createReturn(carrierReturn(order, tomorrow(7, 13), '80331')));
    expect({ status: unserved.status, fields: fieldsNamedIn(unserved.message) }).toEqual({
      status: 'FAILED_PRECONDITION',
      fields: ['pickup.address'],
    });
  });

  it('refuses a carrier pickup with a window but no address as 400 naming pickup.address, over REST and gRPC', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const request = shirtReturn(order, { method: 'carrier_pickup', pickup: { window: tomorrow(7, 13) } });
    const overRest = await world().http('POST', '/v1/returns', request);
    expect(overRest.status).toBe(400);
    expect(overRest.body.errors.map((error: { field: string }) => error.field)).toEqual(['pickup.address']);
    const overGrpc = await grpcFailure(grpc().createReturn(request));
    expect({ status: overGrpc.status, fields: fieldsNamedIn(overGrpc.message) }).toEqual({
      status: 'INVALID_ARGUMENT',
      fields: ['pickup.address'],
    });
  });

  it('learns a partner that starts serving, and approves what it can collect', async () => {
    await world().announceCoverage({
      partnerId: 'munich-all-day',
      serviceAreas: [{ country: 'DE', postalPrefixes: ['80'] }],
      capabilities: ['carrier_pickup'],
      slotWindows: [{ start: '06:00', end: '20:00', capacity: 10 }],
    });
    const order = await putOrder(world(), deliveredOrder());
    const created = await world().http('POST', '/v1/returns', carrierReturn(order, tomorrow(5, 21), '80331'));
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('approved');
  });

  it('keeps a partner’s newest coverage when an older announcement arrives late', async () => {
    const stale = await world().publish(
      PartnerCoverageChanged,
      {
        ...everywhere(),
        partnerId: 'berlin-mornings',
        changedAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
      },
      'berlin-mornings',
    );
    await waitUntil('the late announcement to be handled', async () => {
      const handled = await world().schema.query('SELECT 1 FROM inbox WHERE event_id = $1', [stale]);
      return handled.length === 1;
    });

    const order = await putOrder(world(), deliveredOrder());
    const curbside = await world().http('POST', '/v1/returns/preview', {
      ...carrierReturn(order, tomorrow(7, 13)),
      method: 'curbside_pickup',
    });
    expect(curbside.status).toBe(422);
    expect(curbside.body.errors).toEqual([expect.objectContaining({ code: 'method-not-served' })]);
  });

  it('refuses an agent’s approval once no partner can collect the held return any more', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const held = await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(order, {
        lines: [
          {
            lineId: 'shirt',
            quantity: 1,
            reasonCode: 'not_as_described',
            comment: 'Colour differs',
            photoUrls: ['https://img.example/1.jpg'],
          },
        ],
      }),
    );
    expect(held.body.status).toBe('pending_review');
    await world().announceCoverage({
      partnerId: 'berlin-mornings',
      serviceAreas: [{ country: 'DE', postalPrefixes: ['10'] }],
      capabilities: ['carrier_pickup'],
      slotWindows: [{ start: '08:00', end: '12:00', capacity: 10 }],
    });

    const refused = await world().http('POST', `/v1/returns/${held.body.returnId}/approve`, {
      note: 'Photo confirms the colour',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'method', code: 'method-not-served' })]);
    expect((await world().http('GET', `/v1/returns/${held.body.returnId}`)).body.status).toBe('pending_review');
  });
});
