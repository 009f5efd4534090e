/**
 * Merchants' webhooks end to end on real Kafka and Postgres: lifecycle events published as the other
 * services publish them become signed deliveries to local receivers — every subscribed event of a
 * return exactly once and in order, verifiable with the Standard Webhooks library; a receiver that
 * fails is retried, then its subscription disabled, while another is unaffected; deliveries are sent
 * again on request; and a rotated secret keeps verifying during the overlap.
 */
import { randomUUID } from 'node:crypto';
import { waitUntil } from '@rebound/testing';
import { Webhook } from 'standardwebhooks';
import { returnLifecycle, type LifecycleStep } from './support/lifecycle';
import { useNotificationsWorld } from './support/notifications-world';
import { TestReceiver, type ReceivedCall } from './support/receiver';

jest.setTimeout(120_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

const LIFECYCLE_TYPES = [
  'return.approved',
  'pickup.scheduled',
  'parcel.picked_up',
  'parcel.received',
  'inspection.completed',
  'refund.issued',
  'return.completed',
];

function verify(secret: string, call: ReceivedCall): unknown {
  return new Webhook(secret).verify(call.body, call.headers as Record<string, string>);
}

describe('webhooks to merchants', () => {
  // Three seconds of retries: long enough for a receiver back after a few failures, short enough to see one given up.
  const world = useNotificationsWorld('notifications-webhooks', { WEBHOOK_RETRY_PERIOD_SECONDS: '3' });
  const receivers: TestReceiver[] = [];

  afterAll(async () => {
    for (const receiver of receivers) await receiver.stop();
  });

  async function receiver(): Promise<TestReceiver> {
    const started = await TestReceiver.start();
    receivers.push(started);
    return started;
  }

  async function subscribe(url: string, body: Json = {}): Promise<{ subscriptionId: string; secret: string }> {
    const created = await world().http('POST', '/v1/webhook-subscriptions', {
      url,
      eventTypes: LIFECYCLE_TYPES,
      ...body,
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function deliveriesOf(subscriptionId: string, status?: string): Promise<Json[]> {
    const query = `subscriptionId=${subscriptionId}&limit=100${status ? `&status=${status}` : ''}`;
    const answer = await world().http('GET', `/v1/webhook-deliveries?${query}`);
    expect(answer.status).toBe(200);
    return answer.body.items;
  }

  async function publish(step: LifecycleStep, id?: string): Promise<string> {
    return world().publish(step.eventClass, step.data, (step.data as Json).returnId, { id });
  }

  it('delivers every subscribed event of a return exactly once, in order, signed so the library verifies, even when the receiver fails at first', async () => {
    const merchant = await receiver();
    const elsewhere = await receiver();
    const { subscriptionId, secret } = await subscribe(merchant.url);
    const { approved, steps } = returnLifecycle();
    // Another merchant's orders only: it hears nothing of this return.
    await subscribe(elsewhere.url, { filter: { orderIds: ['order-of-someone-else'] } });
    merchant.failNext(2);

    const approvalId = await publish(steps[0]);
    for (const [index, step] of steps.slice(1).entries()) {
      await publish(step);
      // One at a time, as they happen, whichever topic each comes on.
      await waitUntil(
        `the delivery of ${step.publicType}`,
        async () => (await deliveriesOf(subscriptionId)).length === index + 2,
      );
      if (index === 2) await publish(steps[0], approvalId);
    }

    const received = await waitUntil('every event received', () => {
      const types = [...new Set(merchant.events().map((event) => event.type))];
      return types.length === LIFECYCLE_TYPES.length && merchant.events();
    });
    const delivered = await waitUntil('every delivery delivered', async () => {
      const all = await deliveriesOf(subscriptionId, 'delivered');
      return all.length === LIFECYCLE_TYPES.length && all;
    });
    const successful = merchant.calls.slice(2);
    expect(successful.map((call) => JSON.parse(call.body).type)).toEqual(LIFECYCLE_TYPES);
    expect(new Set(received.map((event) => event.id)).size).toBe(LIFECYCLE_TYPES.length);
    expect(delivered.every((delivery: Json) => delivery.returnId === approved.returnId)).toBe(true);
    for (const call of merchant.calls) {
      expect(verify(secret, call)).toEqual(JSON.parse(call.body));
      expect(call.headers['webhook-id']).toBe(JSON.parse(call.body).id);
    }
    const [first] = successful.map((call) => JSON.parse(call.body));
    expect(first).toMatchObject({
      type: 'return.approved',
      version: 1,
      data: { returnId: approved.returnId, orderId: approved.orderId, customerId: approved.customerId },
    });
    expect(first.data).not.toHaveProperty('refundableFractions');
    // The two refused attempts were of the first event, tried again with the same id.
    expect(merchant.calls[0].headers['webhook-id']).toBe(first.id);
    expect(elsewhere.calls).toEqual([]);
  });

  it('retries a receiver that never answers, then disables its subscription and tells ops, while another receiver gets every event', async () => {
    const dead = await receiver();
    dead.answer({ answer: 'never' });
    const healthy = await receiver();
    const failing = await subscribe(dead.url);
    const working = await subscribe(healthy.url);
    const { steps } = returnLifecycle();

    await publish(steps[0]);
    await publish(steps[1]);

    await waitUntil('the healthy receiver got both events', () => healthy.calls.length === 2);
    const disabled = await waitUntil('the failing subscription disabled', async () => {
      const answer = await world().http('GET', `/v1/webhook-subscriptions/${failing.subscriptionId}`);
      return answer.body.active === false && answer.body;
    });
    expect(disabled).toMatchObject({
      disabledReason: 'failing',
      updatedBy: { subject: 'notifications-delivery-worker', clientId: 'notifications' },
    });
    const [given] = await deliveriesOf(failing.subscriptionId, 'failed');
    expect(given).toMatchObject({ eventType: 'return.approved', status: 'failed' });
    expect(given.attempts).toBeGreaterThan(1);
    expect(given.lastError).toMatch(/no answer within 500 ms/);
    // The approval was tried again and again; the pickup, behind it, never went out of order.
    expect(new Set(dead.calls.map((call) => call.headers['webhook-id']))).toEqual(new Set([given.eventId]));
    expect((await deliveriesOf(failing.subscriptionId, 'pending')).map((d: Json) => d.eventType)).toEqual([
      'pickup.scheduled',
    ]);
    expect(await deliveriesOf(working.subscriptionId, 'delivered')).toHaveLength(2);
    const metrics = await fetch(`${world().app.httpUrl}/metrics`).then((answer) => answer.text());
    expect(metrics).toMatch(/rebound_webhook_subscriptions_disabled_total 1/);
    expect(metrics).toMatch(/rebound_webhook_attempts_total\{outcome="unreachable"\} [1-9]/);
    expect(metrics).toMatch(/rebound_webhook_backlog [1-9]/);

    // Fixed and re-activated, the subscription gets what was waiting, and the given-up one on request.
    dead.answer({ answer: 200 });
    const refused = await world().http('POST', `/v1/webhook-deliveries/${randomUUID()}/redeliver`);
    expect(refused.status).toBe(404);
    const activated = await world().http('PATCH', `/v1/webhook-subscriptions/${failing.subscriptionId}`, {
      active: true,
    });
    expect(activated.body).toMatchObject({ active: true });
    expect(activated.body).not.toHaveProperty('disabledReason');
    const redelivered = await world().http('POST', `/v1/webhook-deliveries/${given.deliveryId}/redeliver`);
    expect(redelivered.status).toBe(200);
    expect(redelivered.body.redeliveredBy).toEqual({ subject: expect.any(String), clientId: expect.any(String) });
    await waitUntil(
      'both delivered after the fix',
      async () => (await deliveriesOf(failing.subscriptionId, 'delivered')).length === 2,
    );
  });

  it('sends a delivered event again on request, with the same id, and refuses it for an inactive subscription', async () => {
    const merchant = await receiver();
    const { subscriptionId, secret } = await subscribe(merchant.url, { eventTypes: ['return.approved'] });
    const { steps } = returnLifecycle();
    await publish(steps[0]);
    const [delivery] = await waitUntil('the approval delivered', async () => {
      const delivered = await deliveriesOf(subscriptionId, 'delivered');
      return delivered.length === 1 && delivered;
    });

    const again = await world().http('POST', `/v1/webhook-deliveries/${delivery.deliveryId}/redeliver`);

    expect(again.status).toBe(200);
    await waitUntil('the second call', () => merchant.calls.length === 2);
    expect(merchant.calls.map((call) => call.headers['webhook-id'])).toEqual([delivery.eventId, delivery.eventId]);
    expect(verify(secret, merchant.calls[1])).toMatchObject({ type: 'return.approved' });
    await world().http('PATCH', `/v1/webhook-subscriptions/${subscriptionId}`, { active: false });
    const refused = await world().http('POST', `/v1/webhook-deliveries/${delivery.deliveryId}/redeliver`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/subscription-inactive$/) });
  });

  it('signs with the old and the new secret during a rotation’s overlap, and with the new one only after', async () => {
    const merchant = await receiver();
    const { subscriptionId, secret: oldSecret } = await subscribe(merchant.url, { eventTypes: ['return.approved'] });
    const rotated = await world().http('POST', `/v1/webhook-subscriptions/${subscriptionId}/rotate-secret`, {
      previousValidForSeconds: 3600,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(rotated.body.secret).not.toBe(oldSecret);

    await publish(returnLifecycle().steps[0]);
    await waitUntil('a delivery during the overlap', () => merchant.calls.length === 1);
    expect(verify(oldSecret, merchant.calls[0])).toMatchObject({ type: 'return.approved' });
    expect(verify(rotated.body.secret, merchant.calls[0])).toMatchObject({ type: 'return.approved' });

    const again = await world().http('POST', `/v1/webhook-subscriptions/${subscriptionId}/rotate-secret`, {
      previousValidForSeconds: 0,
    });
    await publish(returnLifecycle().steps[0]);
    await waitUntil('a delivery after the overlap', () => merchant.calls.length === 2);
    expect(verify(again.body.secret, merchant.calls[1])).toMatchObject({ type: 'return.approved' });
    expect(() => verify(rotated.body.secret, merchant.calls[1])).toThrow(/No matching signature/);
    expect(() => verify(oldSecret, merchant.calls[1])).toThrow(/No matching signature/);
  });

  it('keeps secrets encrypted at rest and shows them only when made', async () => {
    const merchant = await receiver();
    const { subscriptionId, secret } = await subscribe(merchant.url);

    const [row] = await world().schema.query('SELECT sealed FROM webhook_secrets WHERE subscription_id = $1', [
      subscriptionId,
    ]);
    expect(String(row['sealed'])).toMatch(/^v1\.[0-9a-f]{16}\./);
    expect(String(row['sealed'])).not.toContain(secret.slice('whsec_'.length));
    const listed = await world().http('GET', '/v1/webhook-subscriptions?limit=100');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.items.some((item: Json) => item.subscriptionId === subscriptionId)).toBe(true);
  });

  it('refuses bad subscriptions with problem details naming the field, never a 5xx', async () => {
    const refusals = await Promise.all([
      world().http('POST', '/v1/webhook-subscriptions', {
        url: 'http://10.0.0.7/hooks',
        eventTypes: ['return.approved'],
      }),
      world().http('POST', '/v1/webhook-subscriptions', {
        url: 'ftp://example.com/x',
        eventTypes: ['return.approved'],
      }),
      world().http('POST', '/v1/webhook-subscriptions', {
        url: 'http://metadata.internal/',
        eventTypes: ['return.approved'],
      }),
      world().http('POST', '/v1/webhook-subscriptions', {
        url: 'https://example.com/',
        eventTypes: ['return.unknown'],
      }),
      world().http('POST', '/v1/webhook-subscriptions', { url: 'https://example.com/' }),
      world().http('PATCH', `/v1/webhook-subscriptions/${randomUUID()}`, { active: false }),
      world().http('DELETE', '/v1/webhook-subscriptions/not-a-uuid'),
    ]);

    expect(refusals.map((answer) => answer.status)).toEqual([422, 422, 422, 400, 400, 404, 400]);
    expect(refusals[0].headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refusals[0].body.errors).toEqual([expect.objectContaining({ field: 'url' })]);
    expect(refusals[3].body.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^eventTypes/) })]);
  });

  it('forgets a deleted subscription: no more deliveries, no longer listed', async () => {
    const merchant = await receiver();
    const { subscriptionId } = await subscribe(merchant.url, { eventTypes: ['return.approved'] });

    expect((await world().http('DELETE', `/v1/webhook-subscriptions/${subscriptionId}`)).status).toBe(204);
    const { steps } = returnLifecycle();
    await publish(steps[0]);
    const watcher = await receiver();
    await subscribe(watcher.url, { eventTypes: ['pickup.scheduled'] });
    // The pickup waits for the approval: once it is delivered, the approval was read.
    await publish(steps[1]);

    await waitUntil('a later subscription heard of the return', () => watcher.calls.length === 1);
    expect(merchant.calls).toEqual([]);
    expect((await world().http('GET', `/v1/webhook-subscriptions/${subscriptionId}`)).status).toBe(404);
  });
});
