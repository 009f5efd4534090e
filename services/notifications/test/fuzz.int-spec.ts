/**
 * The fuzz suite for notifications: hundreds of hostile inputs on every edge — each REST operation,
 * each consumed topic — each refused specifically (a 4xx naming the field, a dead letter saying why),
 * none a 5xx, and the schema unchanged. FUZZ_SEED=<seed> replays a run.
 */
import { join } from 'node:path';
import { Services, type EventClass } from '@rebound/contracts';
import { fuzzConsumedEvents } from '@rebound/messaging/testing';
import { committedDocument, expectEdgeHolds, fuzzRest, fuzzSeed, waitUntil } from '@rebound/testing';
import { otherSteps, returnLifecycle } from './support/lifecycle';
import { useNotificationsWorld } from './support/notifications-world';

jest.setTimeout(600_000);

const seed = fuzzSeed();

describe('notifications under hostile input', () => {
  const world = useNotificationsWorld('notifications-fuzz');

  it('refuses every hostile REST request with a specific 4xx and changes nothing', async () => {
    // An inactive subscription with one delivery, so that every path names something that exists.
    const { steps } = returnLifecycle();
    const created = await world().http('POST', '/v1/webhook-subscriptions', {
      url: 'http://127.0.0.1:9/never-called',
      eventTypes: ['return.approved'],
      active: false,
    });
    await world().http('PATCH', `/v1/webhook-subscriptions/${created.body.subscriptionId}`, { active: true });
    await world().publish(steps[0].eventClass, steps[0].data, (steps[0].data as { returnId: string }).returnId);
    const [delivery] = await waitUntil('a delivery', async () => {
      const log = await world().http('GET', `/v1/webhook-deliveries?subscriptionId=${created.body.subscriptionId}`);
      return log.body.items.length === 1 && log.body.items;
    });
    await world().http('PATCH', `/v1/webhook-subscriptions/${created.body.subscriptionId}`, { active: false });

    await expectEdgeHolds('notifications REST', world().schema, seed, async () =>
      fuzzRest(await committedDocument(join(__dirname, '../openapi.json')), {
        baseUrl: world().app.httpUrl,
        caller: world().trustedCaller,
        perOperation: 150,
        seed,
        pathValues: { subscriptionId: created.body.subscriptionId, deliveryId: delivery.deliveryId },
      }),
    );
  });

  it('dead-letters every hostile event on every topic it consumes, saying why, and applies none', async () => {
    const { approved, steps } = returnLifecycle();
    const samples = new Map<EventClass, object>(
      [...steps, ...otherSteps(approved)].map((step) => [step.eventClass, step.data]),
    );
    await expectEdgeHolds('notifications Kafka', world().schema, seed, () =>
      fuzzConsumedEvents(world().app.app, {
        namespace: world().namespace,
        service: Services.notifications,
        samples,
        subject: approved.returnId,
        perTopic: 300,
        seed,
      }),
    );
  });
});
