/**
 * The order read model: fed by `commerce.order.v1` and by `PUT /v1/orders/{id}`, and the only source
 * of lines and prices a return can be opened against.
 */
import { OrderDelivered, OrderPlaced, Services } from '@rebound/contracts';
import { DeadLetterHeaders } from '@rebound/messaging';
import { waitUntil } from '@rebound/testing';
import { useIntakeWorld } from './support/intake-world';
import { TestOrder, deliveredOrder, putOrder, shirtReturn } from './support/orders';

jest.setTimeout(60_000);

describe('the order read model', () => {
  const world = useIntakeWorld('intake-orders');

  const preview = (order: TestOrder) => world().http('POST', '/v1/returns/preview', shirtReturn(order));
  const deadLetter = (orderId: string) =>
    world()
      .published.on(world().physical(Services.returnsIntake.deadLetterTopic.name))
      .find((message) => message.key === orderId);

  async function publishOrder(eventClass: typeof OrderPlaced | typeof OrderDelivered, order: TestOrder) {
    const { deliveredAt, ...placed } = order;
    const data = eventClass === OrderPlaced ? placed : { ...placed, deliveredAt };
    await world().publish(eventClass, data as OrderDelivered, order.orderId, { source: '/shop/orders' });
  }

  it('takes orders from commerce.order.v1: placed is not yet returnable, delivered is', async () => {
    const order = deliveredOrder();
    await publishOrder(OrderPlaced, order);
    const placed = await waitUntil('the placed order', async () => {
      const answer = await preview(order);
      return answer.status === 200 && answer.body;
    });
    expect(placed.lines[0].problems).toEqual([expect.objectContaining({ code: 'not-delivered' })]);

    await publishOrder(OrderDelivered, order);
    const delivered = await waitUntil('the delivery', async () => {
      const answer = await preview(order);
      return answer.body.outcome === 'approved' && answer.body;
    });
    expect(delivered.lines[0]).toMatchObject({ eligible: true, returnableQuantity: 2, valueMinor: 2999 });
  });

  it('keeps the delivery when an older snapshot arrives after it', async () => {
    const order = deliveredOrder();
    await publishOrder(OrderDelivered, order);
    await waitUntil('the delivery', async () => (await preview(order)).body?.outcome === 'approved');
    await world().http('PUT', `/v1/orders/${order.orderId}`, { ...order, orderId: undefined, deliveredAt: undefined });
    expect((await preview(order)).body.outcome).toBe('approved');
  });

  it('prices a return from its own copy of the order, whatever the caller claims', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const answer = await world().http('POST', '/v1/returns/preview', {
      ...shirtReturn(order),
      lines: [{ lineId: 'shirt', quantity: 1, reasonCode: 'wrong_size', unitPriceMinor: 1 }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'lines[0].unitPriceMinor', message: 'is not allowed' }]);
  });

  it('refuses to change the lines a return refers to, over REST (409) and over Kafka (dead letter), and keeps the order as it was', async () => {
    const order = await putOrder(world(), deliveredOrder());
    await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'wrong_size' }] }),
    );
    const repriced = {
      ...order,
      lines: order.lines.map((line) => (line.lineId === 'shirt' ? { ...line, unitPriceMinor: 1, quantity: 1 } : line)),
    };

    const { orderId: _, ...body } = repriced;
    const put = await world().http('PUT', `/v1/orders/${order.orderId}`, body);
    expect(put.status).toBe(409);
    expect(put.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'lines[0].unitPriceMinor',
      'lines[0].quantity',
    ]);

    await publishOrder(OrderDelivered, repriced);
    const dead = await world().published.waitFor('the dead letter', () => deadLetter(order.orderId) !== undefined);
    expect(dead.find((message) => message.key === order.orderId)!.headers[DeadLetterHeaders.errorMessage]).toContain(
      'lines[0].unitPriceMinor',
    );

    const list = await world().http('GET', `/v1/returns?orderId=${order.orderId}`);
    expect(list.body.items[0].lines[0]).toMatchObject({ unitPriceMinor: 2999, quantity: 2 });
  });

  it('dead-letters an invalid order event with the bad fields named, and stores nothing', async () => {
    const order = deliveredOrder();
    const broken = { ...order, lines: [{ ...order.lines[0], unitPriceMinor: -5 }], shippingRegion: 'Germany' };
    await publishOrder(OrderDelivered, broken);
    await world().published.waitFor('the dead letter', () => deadLetter(order.orderId) !== undefined);
    const message = deadLetter(order.orderId)!.headers[DeadLetterHeaders.errorMessage];
    expect(message).toContain('lines[0].unitPriceMinor');
    expect(message).toContain('shippingRegion');
    expect((await preview(order)).body.errors).toEqual([
      expect.objectContaining({ field: 'orderId', code: 'unknown-order' }),
    ]);
  });

  it('keeps the charges that paid the order, from Kafka and REST, and refuses payments that do not fit its lines', async () => {
    const order = deliveredOrder();
    const { orderId: _, ...body } = order;
    const misfit = {
      ...body,
      payments: [
        {
          chargeId: 'ch-1',
          allocations: [
            { lineId: 'shirt', amountMinor: 5000 },
            { lineId: 'hat', amountMinor: 100 },
          ],
        },
        { chargeId: 'ch-2', allocations: [{ lineId: 'shirt', amountMinor: 999 }] },
        { chargeId: 'ch-2', allocations: [{ lineId: 'phone', amountMinor: 0 }] },
      ],
    };
    const zero = await world().http('PUT', `/v1/orders/${order.orderId}`, misfit);
    expect(zero.status).toBe(400);
    expect(zero.body.errors).toEqual([expect.objectContaining({ field: 'payments[2].allocations[0].amountMinor' })]);

    misfit.payments[2].allocations[0].amountMinor = 1;
    const put = await world().http('PUT', `/v1/orders/${order.orderId}`, misfit);
    expect(put.status).toBe(422);
    expect(put.body).toMatchObject({ type: 'https://rebound.dev/problems/payments-do-not-match-order' });
    expect(put.body.errors).toEqual([
      { field: 'payments[0].allocations[1].lineId', message: 'the order has no line "hat"' },
      {
        field: 'payments[1].allocations[0].amountMinor',
        message: 'line "shirt" cost 5998 but its payments add up to 5999',
      },
      { field: 'payments[2].chargeId', message: 'charge "ch-2" is listed twice' },
    ]);
    expect((await preview(order)).status).toBe(422);

    await publishOrder(OrderDelivered, { ...order, payments: misfit.payments });
    await world().published.waitFor('the dead letter', () => deadLetter(order.orderId) !== undefined);
    expect(deadLetter(order.orderId)!.headers[DeadLetterHeaders.errorMessage]).toContain(
      'payments[0].allocations[1].lineId',
    );

    await publishOrder(OrderDelivered, order);
    const opened = await waitUntil('the order with its charge', async () => {
      const answer = await world().http('POST', '/v1/returns', shirtReturn(order));
      return answer.status === 201 && answer.body;
    });
    expect(opened).toMatchObject({ refundMethod: 'original_payment', status: 'approved' });
  });

  it('names every bad field of a PUT and stores nothing', async () => {
    const order = deliveredOrder();
    const answer = await world().http('PUT', `/v1/orders/${order.orderId}`, {
      customerId: order.customerId,
      currency: 'euro',
      shippingRegion: 'DE',
      placedAt: 'yesterday',
      lines: [{ lineId: 'a', sku: 'b', category: 'Apparel', quantity: 0, unitPriceMinor: 1.5, finalSale: 'no' }],
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(new Set(answer.body.errors.map((error: { field: string }) => error.field))).toEqual(
      new Set([
        'currency',
        'placedAt',
        'lines[0].category',
        'lines[0].quantity',
        'lines[0].unitPriceMinor',
        'lines[0].finalSale',
      ]),
    );
    expect((await preview(order)).status).toBe(422);
  });
});
