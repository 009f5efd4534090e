/**
 * Opening a return through REST: the decision and the events it causes, idempotency, the delivered
 * quantity as a hard limit under concurrency, and agents' and customers' actions afterwards.
 */
import { DataSource } from 'typeorm';
import { Topics } from '@rebound/contracts';
import { createLogger } from '@rebound/observability';
import { RetentionJob } from '@rebound/persistence';
import { fullScansIn } from '@rebound/testing';
import { intakeRetention } from '../src/persistence/retention';
import { useIntakeWorld } from './support/intake-world';
import { deliveredOrder, putOrder, shirtReturn } from './support/orders';

jest.setTimeout(60_000);

describe('opening a return', () => {
  const world = useIntakeWorld('intake-open');

  const eventsOf = (returnId: string) =>
    world()
      .published.on(world().physical(Topics.returnsReturn.name))
      .filter((message) => message.key === returnId);

  it('approves an eligible return at once and announces ReturnRequested then ReturnApproved with the whole decision', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const created = await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'changed_mind' }] }),
    );

    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/returns/${created.body.returnId}`);
    expect(created.body).toMatchObject({
      orderId: order.orderId,
      status: 'approved',
      expectedRefundMinor: 2 * 2999 - 600 - 495,
      fees: { restockingFeeMinor: 600, returnShippingFeeMinor: 495 },
      decision: { outcome: 'approved', decidedBy: 'policy', policyVersion: 1 },
    });
    expect(created.body.timeline.map((entry: { type: string }) => entry.type)).toEqual([
      'ReturnRequested',
      'ReturnApproved',
    ]);

    const returnId = created.body.returnId;
    await world().published.waitFor('ReturnRequested and ReturnApproved', () => eventsOf(returnId).length === 2);
    const [requested, approved] = eventsOf(returnId);
    expect(requested.headers['ce_type']).toBe('ReturnRequested');
    expect(approved.headers['ce_type']).toBe('ReturnApproved');
    expect(JSON.parse(approved.value!)).toMatchObject({
      returnId,
      policyVersion: 1,
      method: 'mail_back',
      refundMethod: 'original_payment',
      maxPickupAttempts: 3,
      labelValidityDays: 14,
      lines: [
        {
          lineId: 'shirt',
          sku: 'SKU-SHIRT',
          quantity: 2,
          unitPriceMinor: 2999,
          orderedQuantity: 2,
          reasonCode: 'changed_mind',
          restockingFeeMinor: 600,
          charges: [{ chargeId: order.payments![0].chargeId, amountMinor: 2 * 2999 }],
        },
      ],
      fees: { restockingFeeMinor: 600, returnShippingFeeMinor: 495 },
      refundableFractions: expect.arrayContaining([{ grade: 'C', fraction: 0.5 }]),
      instantRefund: false,
      storeCreditBonusPercent: 10,
      approvedBy: 'policy',
    });
  });

  it('refuses a refund to the original payment method of lines no known charge paid, naming refundMethod, and takes store credit', async () => {
    const shirt = {
      lineId: 'shirt',
      sku: 'SKU-SHIRT',
      category: 'apparel',
      quantity: 2,
      unitPriceMinor: 2999,
      finalSale: false,
    };
    const phone = {
      lineId: 'phone',
      sku: 'SKU-PHONE',
      category: 'electronics',
      quantity: 1,
      unitPriceMinor: 49900,
      finalSale: false,
    };
    const unpaid = await putOrder(world(), deliveredOrder({ lines: [shirt, phone], payments: [] }));
    const partly = await putOrder(
      world(),
      deliveredOrder({
        lines: [shirt, phone],
        payments: [{ chargeId: 'ch-phone', allocations: [{ lineId: 'phone', amountMinor: 49900 }] }],
      }),
    );

    for (const order of [unpaid, partly]) {
      for (const path of ['/v1/returns/preview', '/v1/returns']) {
        const answer = await world().http('POST', path, shirtReturn(order));
        expect(answer.status).toBe(422);
        expect(answer.body).toMatchObject({
          type: 'https://rebound.dev/problems/original-payment-unavailable',
          errors: [
            {
              field: 'refundMethod',
              code: 'original-payment-unavailable',
              message: `no payment of order ${order.orderId} is known for line(s) "shirt"; choose store_credit`,
            },
          ],
        });
      }
    }
    expect((await world().http('GET', `/v1/returns?orderId=${unpaid.orderId}`)).body.items).toEqual([]);

    const credit = await world().http('POST', '/v1/returns', shirtReturn(unpaid, { refundMethod: 'store_credit' }));
    expect(credit.status).toBe(201);
    const paidLine = await world().http('POST', '/v1/returns', {
      ...shirtReturn(partly),
      lines: [{ lineId: 'phone', quantity: 1, reasonCode: 'wrong_size' }],
    });
    expect(paidLine.status).toBe(201);
  });

  it('rejects an ineligible return with the reason per line, stores the decision, and holds no quantity', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const created = await world().http('POST', '/v1/returns', {
      orderId: order.orderId,
      lines: [
        { lineId: 'card', quantity: 1, reasonCode: 'changed_mind' },
        { lineId: 'scarf', quantity: 1, reasonCode: 'changed_mind' },
        { lineId: 'shirt', quantity: 2, reasonCode: 'changed_mind' },
      ],
      method: 'mail_back',
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('rejected');
    expect(created.body.decision.lines).toEqual([
      expect.objectContaining({
        lineId: 'card',
        eligible: false,
        reasons: [expect.objectContaining({ code: 'category-not-returnable' })],
      }),
      expect.objectContaining({
        lineId: 'scarf',
        eligible: false,
        reasons: [expect.objectContaining({ code: 'final-sale' })],
      }),
      expect.objectContaining({ lineId: 'shirt', eligible: true, reasons: [] }),
    ]);
    await world().published.waitFor('ReturnRejected', () =>
      eventsOf(created.body.returnId).some((message) => message.headers['ce_type'] === 'ReturnRejected'),
    );

    const again = await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'wrong_size' }] }),
    );
    expect(again.body.status).toBe('approved');
  });

  it('answers a retry with the same Idempotency-Key and body with the same return, and refuses the key with another body', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const key = `key-${order.orderId}`;
    const first = await world().http('POST', '/v1/returns', shirtReturn(order), { 'Idempotency-Key': key });
    const retry = await world().http('POST', '/v1/returns', shirtReturn(order), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.returnId).toBe(first.body.returnId);

    const different = await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'wrong_size' }] }),
      { 'Idempotency-Key': key },
    );
    expect(different.status).toBe(409);
    expect(different.headers.get('content-type')).toContain('application/problem+json');
    expect(different.body.type).toBe('https://rebound.dev/problems/idempotency-key-reused');

    const list = await world().http('GET', `/v1/returns?orderId=${order.orderId}`);
    expect(list.body.items).toHaveLength(1);
    await world().published.waitFor('the approval', () => eventsOf(first.body.returnId).length === 2);
    expect(eventsOf(first.body.returnId)).toHaveLength(2);
  });

  it('lets only as many units be returned as were delivered, even when returns race for the same line', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => world().http('POST', '/v1/returns', shirtReturn(order))),
    );
    expect(attempts.map((attempt) => attempt.status).sort()).toEqual([201, 201, 422, 422, 422]);
    const refused = attempts.find((attempt) => attempt.status === 422)!;
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'lines[0].quantity', code: 'quantity-exceeds-returnable' }),
    ]);
    const list = await world().http('GET', `/v1/returns?orderId=${order.orderId}`);
    expect(list.body.items).toHaveLength(2);
  });

  it('refuses a return for an unknown order or line, or with missing details, and creates nothing', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const unknownOrder = await world().http('POST', '/v1/returns', {
      ...shirtReturn(order),
      orderId: 'order-that-never-was',
    });
    expect(unknownOrder.status).toBe(422);
    expect(unknownOrder.body.errors).toEqual([expect.objectContaining({ field: 'orderId', code: 'unknown-order' })]);

    const badLines = await world().http('POST', '/v1/returns', {
      orderId: order.orderId,
      lines: [
        { lineId: 'teapot', quantity: 1, reasonCode: 'wrong_size' },
        { lineId: 'shirt', quantity: 1, reasonCode: 'damaged' },
        { lineId: 'phone', quantity: 1, reasonCode: 'no_such_reason' },
      ],
      method: 'carrier_pickup',
    });
    expect(badLines.status).toBe(422);
    expect(badLines.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'lines[0].lineId',
      'lines[1].photoUrls',
      'lines[2].reasonCode',
      'pickup',
    ]);

    const malformed = await world().http('POST', '/v1/returns', {
      orderId: order.orderId,
      lines: [{ lineId: 'shirt', quantity: 0, reasonCode: 'wrong_size', photoUrls: ['not a url'] }],
      method: 'teleport',
      extra: true,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(
      ['extra', 'lines[0].photoUrls', 'lines[0].quantity', 'method'].sort(),
    );

    const list = await world().http('GET', `/v1/returns?orderId=${order.orderId}`);
    expect(list.body.items).toEqual([]);
  });

  it('holds a return for review, and an agent approves it with a note under the policy version that assessed it', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const held = await world().http('POST', '/v1/returns', {
      orderId: order.orderId,
      lines: [
        {
          lineId: 'shirt',
          quantity: 1,
          reasonCode: 'not_as_described',
          comment: 'Colour differs',
          photoUrls: ['https://img.example/1.jpg'],
        },
      ],
      method: 'mail_back',
    });
    expect(held.body.status).toBe('pending_review');
    expect(held.body.decision.reviewReasons).toEqual(['reason "not_as_described" always needs review']);

    const agent = await world().issuer.authorization({
      subject: 'agent-7',
      clientId: 'rebound-support',
      permissions: ['returns:review'],
    });
    const unexplained = await world().http('POST', `/v1/returns/${held.body.returnId}/approve`, { note: '' }, agent);
    expect(unexplained.status).toBe(400);

    const naming = await world().http(
      'POST',
      `/v1/returns/${held.body.returnId}/approve`,
      { agentId: 'someone-else', note: 'Photo confirms the colour' },
      agent,
    );
    expect(naming.status).toBe(400);
    expect(naming.body.errors).toEqual([{ field: 'agentId', message: 'is not allowed' }]);
    const approved = await world().http(
      'POST',
      `/v1/returns/${held.body.returnId}/approve`,
      { note: 'Photo confirms the colour' },
      agent,
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decision: { outcome: 'approved', decidedBy: 'agent-7', note: 'Photo confirms the colour', policyVersion: 1 },
    });
    expect(approved.body.timeline.find((entry: { type: string }) => entry.type === 'ReturnApproved').actor).toEqual({
      subject: 'agent-7',
      clientId: 'rebound-support',
    });
    expect(approved.body.decisions.map((decision: { outcome: string }) => decision.outcome)).toEqual([
      'pending_review',
      'approved',
    ]);

    const twice = await world().http('POST', `/v1/returns/${held.body.returnId}/reject`, { note: 'Too late' });
    expect(twice.status).toBe(409);
    await world().published.waitFor('the agent approval', () =>
      eventsOf(held.body.returnId).some((message) => message.headers['ce_type'] === 'ReturnApproved'),
    );
    const approval = eventsOf(held.body.returnId).find((message) => message.headers['ce_type'] === 'ReturnApproved')!;
    expect(JSON.parse(approval.value!).approvedBy).toBe('agent-7');
  });

  it('lets the customer cancel before the parcel moves, frees the units, and refuses a second cancel', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const created = await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'wrong_size' }] }),
    );
    const cancelled = await world().http('POST', `/v1/returns/${created.body.returnId}/cancel`, {
      reason: 'Kept it after all',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await world().http('POST', `/v1/returns/${created.body.returnId}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://rebound.dev/problems/not-cancellable');

    const reopened = await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'wrong_size' }] }),
    );
    expect(reopened.body.status).toBe('approved');
  });

  it('answers 404 for an unknown return and 400 for an id that cannot be one', async () => {
    expect((await world().http('GET', '/v1/returns/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const bad = await world().http('GET', '/v1/returns/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'returnId', message: 'must be a UUID' }]);
  });

  it('forgets an Idempotency-Key once it is older than the retention, and still answers a recent one', async () => {
    const [oldOrder, recentOrder] = [
      await putOrder(world(), deliveredOrder()),
      await putOrder(world(), deliveredOrder()),
    ];
    const [oldKey, recentKey] = [`old-${oldOrder.orderId}`, `recent-${recentOrder.orderId}`];
    await world().http('POST', '/v1/returns', shirtReturn(oldOrder), { 'Idempotency-Key': oldKey });
    const recent = await world().http('POST', '/v1/returns', shirtReturn(recentOrder), {
      'Idempotency-Key': recentKey,
    });
    await world().schema.query(
      "UPDATE idempotency_keys SET created_at = now() - interval '31 days' WHERE idempotency_key = $1",
      [oldKey],
    );
    const [rule] = intakeRetention(30 * 24 * 3600_000);
    const dataSource = world().app.app.get(DataSource);
    const job = new RetentionJob({
      dataSource,
      rules: [rule],
      logger: createLogger({ service: 'it', level: 'silent' }),
    });

    expect(await job.run()).toEqual({ idempotency_keys: 1 });
    const keys = await world().schema.query(
      'SELECT idempotency_key FROM idempotency_keys WHERE idempotency_key = ANY($1)',
      [[oldKey, recentKey]],
    );
    expect(keys).toEqual([{ idempotency_key: recentKey }]);
    const retry = await world().http('POST', '/v1/returns', shirtReturn(recentOrder), { 'Idempotency-Key': recentKey });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.returnId).toBe(recent.body.returnId);
    expect(await fullScansIn(dataSource, rule)).toEqual([]);
  });
});
