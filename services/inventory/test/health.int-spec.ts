/**
 * The operations endpoints every service serves (libs/messaging's serviceInfrastructure), seen on
 * inventory: ready means database, migrations and Kafka (and `rebound_ready` says what it last
 * answered); live means the process, and nothing else; /metrics is Prometheus' view.
 */
import { randomUUID } from 'node:crypto';
import { serviceKafkaUser, type Acl } from '@rebound/kafka';
import { ParcelPickedUp, Services } from '@rebound/contracts';
import { localKafkaAdmin, provisionNamespacedUsers, type NamespacedUsers } from '@rebound/messaging/testing';
import { waitUntil } from '@rebound/testing';
import { freshSku, pickedUp } from './support/fixtures';
import { useInventoryWorld } from './support/inventory-world';

jest.setTimeout(60_000);

describe('operations endpoints', () => {
  const world = useInventoryWorld('inventory-health');

  it('is live, and ready with the database, every migration and Kafka up', async () => {
    const live = await world().http('GET', '/health/live');
    const ready = await world().http('GET', '/health/ready');

    expect(live).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(ready.status).toBe(200);
    expect(ready.body.details).toEqual({
      database: { status: 'up' },
      migrations: { status: 'up' },
      kafka: { status: 'up' },
    });
    expect(await (await fetch(`${world().app.httpUrl}/metrics`)).text()).toMatch(/^rebound_ready 1$/m);
  });

  it('serves Prometheus metrics: HTTP latency per route, the outbox, and the consumer’s lag and events by topic', async () => {
    const returnId = randomUUID();
    const sku = freshSku();
    await world().publish(
      ParcelPickedUp,
      pickedUp(returnId, 'wh-metrics', [{ lineId: 'l1', sku, quantity: 1 }]),
      returnId,
    );
    await world().stockOnceItHolds(sku, 'the inbound units', (body) => body.totals.expectedInbound === 1);

    const metrics = await fetch(`${world().app.httpUrl}/metrics`);
    const text = await metrics.text();

    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(
      /rebound_http_request_duration_seconds_count\{method="GET",route="\/v1\/stock\/:sku",status="200"\} \d+/,
    );
    expect(text).toMatch(/^rebound_outbox_backlog \d+$/m);
    expect(text).toMatch(/^rebound_outbox_oldest_age_seconds [\d.]+$/m);
    expect(text).toMatch(/rebound_consumer_lag\{topic="[^"]*pickups\.pickup\.v1"\} \d+/);
    expect(text).toMatch(/rebound_consumer_events_total\{topic="[^"]*pickups\.pickup\.v1",outcome="applied"\} [1-9]/);
  });
});

describe('operations endpoints, when Kafka refuses the service’s credentials', () => {
  const world = useInventoryWorld('inventory-refused', { KAFKA_PASSWORD: 'not-the-password' });

  it('starts all the same, serving reads, and is not ready, naming Kafka authentication and its user', async () => {
    const ready = await world().http('GET', '/health/ready');
    const stock = await world().http('GET', `/v1/stock/${freshSku()}`);

    expect(ready.status).toBe(503);
    expect(ready.body.details).toEqual({
      database: { status: 'up' },
      migrations: { status: 'up' },
      kafka: {
        status: 'down',
        message: expect.stringMatching(
          /^the consumer is not running: Kafka authentication failed at \S+ as scram-sha-512 user rebound-tests: /,
        ),
      },
    });
    expect(await (await fetch(`${world().app.httpUrl}/metrics`)).text()).toMatch(/^rebound_ready 0$/m);
    // Answered from its database: a SKU it never heard of.
    expect(stock).toMatchObject({ status: 404, body: { type: expect.stringContaining('sku-not-found') } });
  });
});

describe('operations endpoints, when no Kafka broker answers', () => {
  const world = useInventoryWorld('inventory-no-kafka', { KAFKA_BROKERS: '127.0.0.1:1' });

  it('starts all the same, serving reads, and is not ready, naming the consumer', async () => {
    const ready = await world().http('GET', '/health/ready');
    const stock = await world().http('GET', `/v1/stock/${freshSku()}`);

    expect(ready.status).toBe(503);
    expect(ready.body.details.kafka).toEqual({
      status: 'down',
      message: expect.stringMatching(/^the consumer is (starting|not running: .*ECONNREFUSED)/),
    });
    expect(stock).toMatchObject({ status: 404, body: { type: expect.stringContaining('sku-not-found') } });
  });
});

describe('operations endpoints, when the consumer crashes', () => {
  let users: NamespacedUsers | undefined;
  let user = '';
  const world = useInventoryWorld('inventory-crash', async (namespace) => {
    users = await provisionNamespacedUsers(namespace, []);
    user = serviceKafkaUser(Services.inventory, namespace);
    return users.envOf(user);
  });

  afterAll(() => users?.revoke());

  it('is not ready, naming the crash, while Kafka refuses it its topics, then consumes what arrived meanwhile', async () => {
    const admin = localKafkaAdmin();
    const access = users?.accesses.find((candidate) => candidate.user === user);
    if (!access) throw new Error(`no access for ${user}`);
    const readiness = async () => {
      const ready = await world().http('GET', '/health/ready');
      return { status: ready.status, kafka: ready.body.details.kafka };
    };
    expect(await readiness()).toEqual({ status: 200, kafka: { status: 'up' } });

    // Its topics, not its group: the crashed member can still leave the group, so its replacement
    // joins at once rather than after the old member's session times out.
    const topicReads = (acl: Acl) => acl.resource.type === 'topic' && acl.operations.includes('Read');
    await admin.grantExactly({ user, acls: access.acls.filter((acl) => !topicReads(acl)) });
    const crashed = await waitUntil('readiness names the crash', async () => {
      const now = await readiness();
      return now.status === 503 && /^the consumer crashed/.test(now.kafka.message ?? '') && now;
    });
    const returnId = randomUUID();
    const sku = freshSku();
    await world().publish(
      ParcelPickedUp,
      pickedUp(returnId, 'wh-crash', [{ lineId: 'l1', sku, quantity: 1 }]),
      returnId,
    );
    await admin.grantExactly(access);

    await waitUntil('ready again', async () => (await readiness()).status === 200);
    const stock = await world().stockOnceItHolds(sku, 'the inbound units', (body) => body.totals.expectedInbound === 1);
    expect(crashed.kafka).toEqual({ status: 'down', message: expect.stringMatching(/not authorized/i) });
    expect(stock.totals.expectedInbound).toBe(1);
  });
});
