/**
 * Who may see and change which return and order, with the local stack's Keycloak as the issuer: a
 * customer's own token (the customer app's password sign-in) reaches that customer's orders and
 * returns only, agents' and the storefront's client tokens reach all, every change records the
 * token's subject and client as who made it, and only the commerce platform writes orders — never
 * changing what a return was judged on.
 */
import { KEYCLOAK_ENV, keycloakClient, keycloakCustomer, subjectOf } from '@rebound/testing';
import { grpcFailure, returnsGrpcClient } from './support/grpc-client';
import { useIntakeWorld } from './support/intake-world';
import { deliveredOrder, pickup, putOrder, shirtReturn, type TestOrder } from './support/orders';

jest.setTimeout(60_000);

type Caller = { authorization: string };

/** A line the demo policy always holds for an agent's review. */
const heldLine = {
  lineId: 'shirt',
  quantity: 1,
  reasonCode: 'not_as_described',
  comment: 'Colour differs',
  photoUrls: ['https://img.example/1.jpg'],
};

describe('identity and access, with tokens from Keycloak', () => {
  const world = useIntakeWorld('intake-customers', { ...KEYCLOAK_ENV });
  let commerce: Caller;
  let support: Caller;
  let anna: Caller;
  let ben: Caller;

  beforeAll(async () => {
    [commerce, support, anna, ben] = await Promise.all([
      keycloakClient('rebound-commerce'),
      keycloakClient('rebound-support'),
      keycloakCustomer('cust-demo-1'),
      keycloakCustomer('cust-demo-2'),
    ]);
  });

  /** A return of Anna's the demo policy holds for an agent's review. */
  const openHeldReturn = (order: TestOrder) =>
    world().http('POST', '/v1/returns', shirtReturn(order, { lines: [heldLine] }), anna);

  async function ordersOfBoth() {
    const annas = await putOrder(world(), deliveredOrder({ customerId: 'cust-demo-1' }), commerce);
    const bens = await putOrder(world(), deliveredOrder({ customerId: 'cust-demo-2' }), commerce);
    return { annas, bens };
  }

  it("lets a customer preview, open, read, list and cancel their own returns, and not find another customer's", async () => {
    const { annas, bens } = await ordersOfBoth();
    const http = world().http;
    expect((await http('POST', '/v1/returns/preview', shirtReturn(annas), anna)).status).toBe(200);
    const own = await http('POST', '/v1/returns', shirtReturn(annas), anna);
    expect(own.status).toBe(201);
    const others = await http('POST', '/v1/returns', shirtReturn(bens), ben);
    expect(others.status).toBe(201);

    expect((await http('GET', `/v1/returns/${own.body.returnId}`, undefined, anna)).status).toBe(200);
    const foreign = await http('GET', `/v1/returns/${others.body.returnId}`, undefined, anna);
    expect(foreign.status).toBe(404);
    expect(foreign.body.type).toBe('https://rebound.dev/problems/return-not-found');
    expect((await http('POST', `/v1/returns/${others.body.returnId}/cancel`, {}, anna)).status).toBe(404);
    const onBensOrder = await http('POST', '/v1/returns', shirtReturn(bens), anna);
    expect(onBensOrder.status).toBe(422);
    expect(onBensOrder.body.type).toBe('https://rebound.dev/problems/unknown-order');
    expect((await http('POST', '/v1/returns/preview', shirtReturn(bens), anna)).status).toBe(422);

    const listed = await http('GET', '/v1/returns?limit=50', undefined, anna);
    expect(listed.body.items.map((item: { customerId: string }) => item.customerId)).toEqual(
      listed.body.items.map(() => 'cust-demo-1'),
    );
    expect(listed.body.items.map((item: { returnId: string }) => item.returnId)).toContain(own.body.returnId);
    const askedForBens = await http('GET', '/v1/returns?customerId=cust-demo-2', undefined, anna);
    expect(askedForBens.body.items).toEqual([]);

    const grpc = returnsGrpcClient(world().app.grpcAddress, anna);
    try {
      expect((await grpc.getReturn({ returnId: own.body.returnId })).returnId).toBe(own.body.returnId);
      const failure = await grpcFailure(grpc.getReturn({ returnId: others.body.returnId }));
      expect(failure.status).toBe('NOT_FOUND');
    } finally {
      grpc.close();
    }

    const seenBySupport = await http('GET', `/v1/returns/${others.body.returnId}`, undefined, support);
    expect(seenBySupport.status).toBe(200);
    const cancelled = await http('POST', `/v1/returns/${own.body.returnId}/cancel`, { reason: 'Kept it' }, anna);
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('refuses a customer token on what only agents and the commerce platform may do', async () => {
    const { annas } = await ordersOfBoth();
    const held = await openHeldReturn(annas);
    expect(held.body.status).toBe('pending_review');

    const approval = await world().http('POST', `/v1/returns/${held.body.returnId}/approve`, { note: 'mine' }, anna);
    expect(approval.status).toBe(403);
    const order = await world().http('PUT', `/v1/orders/${annas.orderId}`, { ...annas, orderId: undefined }, anna);
    expect(order.status).toBe(403);
  });

  it("records the token's subject and client as who opened, approved and cancelled", async () => {
    const { annas } = await ordersOfBoth();
    const held = await openHeldReturn(annas);
    const approved = await world().http(
      'POST',
      `/v1/returns/${held.body.returnId}/approve`,
      { note: 'Photo confirms it' },
      support,
    );
    expect(approved.status).toBe(200);
    const cancelled = await world().http('POST', `/v1/returns/${held.body.returnId}/cancel`, {}, anna);
    expect(cancelled.status).toBe(200);

    const agent = subjectOf(support);
    expect(cancelled.body.decision).toMatchObject({ outcome: 'approved', decidedBy: agent });
    const actors = Object.fromEntries(
      cancelled.body.timeline.map((entry: { type: string; actor: unknown }) => [entry.type, entry.actor]),
    );
    expect(actors).toMatchObject({
      ReturnRequested: { subject: subjectOf(anna), clientId: 'rebound-customer' },
      ReturnApproved: { subject: agent, clientId: 'rebound-support' },
      ReturnCancelled: { subject: subjectOf(anna), clientId: 'rebound-customer' },
    });
    const approvedEvent = cancelled.body.timeline.find((entry: { type: string }) => entry.type === 'ReturnApproved');
    expect(approvedEvent.details.approvedBy).toBe(agent);
  });

  it('lets only the commerce platform write orders, and never change what a return was judged on', async () => {
    const storefront = await keycloakClient('rebound-storefront');
    const order = deliveredOrder({ customerId: 'cust-demo-1', loyaltyTier: 'gold' });
    const { orderId, ...body } = order;
    const path = `/v1/orders/${orderId}`;
    const refused = await world().http('PUT', path, body, storefront);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('orders:write');
    await putOrder(world(), order, commerce);
    const opened = await world().http('POST', '/v1/returns', shirtReturn(order), anna);
    expect(opened.status).toBe(201);

    const rewritten = {
      ...body,
      loyaltyTier: 'platinum',
      deliveredAt: new Date(Date.parse(order.deliveredAt!) - 86_400_000).toISOString(),
      lines: body.lines.map((line) =>
        line.lineId === 'shirt' ? { ...line, quantity: 3, unitPriceMinor: 4999 } : line,
      ),
    };
    const conflict = await world().http('PUT', path, rewritten, commerce);

    expect(conflict.status).toBe(409);
    expect(conflict.body.type).toBe('https://rebound.dev/problems/order-conflicts-with-returns');
    expect(conflict.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'deliveredAt',
      'lines[0].quantity',
      'lines[0].unitPriceMinor',
      'loyaltyTier',
    ]);
    const kept = await world().http('GET', `/v1/returns/${opened.body.returnId}`, undefined, anna);
    expect(kept.body.lines[0]).toMatchObject({ unitPriceMinor: 2999 });
    expect((await world().http('PUT', path, body, commerce)).status).toBe(200);
  });

  it("shows a pickup's name, street and phone only to the customer whose return it is and to agents", async () => {
    const { annas } = await ordersOfBoth();
    const opened = await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(annas, { method: 'carrier_pickup', pickup }),
      anna,
    );
    expect(opened.status).toBe(201);
    const path = `/v1/returns/${opened.body.returnId}`;
    const storefront = await keycloakClient('rebound-storefront');

    const asStorefront = await world().http('GET', path, undefined, storefront);
    const listed = await world().http('GET', `/v1/returns?orderId=${annas.orderId}`, undefined, storefront);

    expect(asStorefront.body.pickup.address).toEqual({ postalCode: '10115', city: 'Berlin', country: 'DE' });
    for (const body of [asStorefront.body, listed.body]) {
      expect(JSON.stringify(body)).not.toContain(pickup.address.name);
      expect(JSON.stringify(body)).not.toContain(pickup.address.line1);
    }
    for (const entitled of [anna, support]) {
      const seen = await world().http('GET', path, undefined, entitled);
      expect(seen.body.pickup.address).toMatchObject(pickup.address);
    }
  });
});
