/**
 * Liveness is the process alone; readiness includes Kafka. Seen on an inventory process while the
 * local broker is stopped and started again: an orchestrator keeps the pod, takes it out of
 * traffic, and puts it back once it can consume again — and it does consume what came meanwhile.
 */
import { randomUUID } from 'node:crypto';
import { physicalTopic } from '@rebound/kafka';
import { ParcelPickedUp, Topics } from '@rebound/contracts';
import {
  TsProcess,
  freePort,
  jsonHttp,
  localBroker,
  publishEvent,
  waitUntil,
  type ServiceGround,
  prepareNamespacedGround,
} from '@rebound/testing';
import { freshSku, pickedUp } from './support/fixtures';

jest.setTimeout(240_000);

describe('an inventory process while Kafka is down', () => {
  let ground: ServiceGround;
  let inventory: TsProcess | undefined;

  beforeAll(async () => {
    ground = await prepareNamespacedGround('inventory-outage');
  }, 60_000);

  afterAll(async () => {
    await inventory?.ensureStopped();
    await ground?.dispose();
  }, 60_000);

  it('stays live, is not ready naming Kafka, and is ready and consuming again once the broker is back', async () => {
    const port = await freePort();
    inventory = TsProcess.spawn(
      'services/inventory/src/main.ts',
      { ...ground.env, HTTP_PORT: String(port), GRPC_PORT: String(await freePort()) },
      'inventory',
    );
    const http = jsonHttp(`http://127.0.0.1:${port}`, ground.trustedCaller);
    const readiness = async () => (await http('GET', '/health/ready').catch(() => undefined))?.status;
    await waitUntil('inventory to be ready', async () => (await readiness()) === 200, { timeoutMs: 60_000 });

    await localBroker.stop();
    let whileDown: { live: number; ready: number; kafka: unknown };
    try {
      const notReady = await waitUntil(
        'readiness to report Kafka down',
        async () => {
          const ready = await http('GET', '/health/ready');
          return ready.status === 503 ? ready : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      const live = await http('GET', '/health/live');
      whileDown = { live: live.status, ready: notReady.status, kafka: notReady.body.details?.kafka?.status };
    } finally {
      await localBroker.start();
    }
    expect(whileDown).toEqual({ live: 200, ready: 503, kafka: 'down' });

    await waitUntil('inventory to be ready again', async () => (await readiness()) === 200, {
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    const returnId = randomUUID();
    const sku = freshSku('OUT');
    await publishEvent(physicalTopic(ground.namespace, Topics.pickupsPickup.name), {
      eventClass: ParcelPickedUp,
      data: pickedUp(returnId, 'wh-outage', [{ lineId: 'l1', sku, quantity: 2 }]),
      subject: returnId,
    });
    const inbound = await waitUntil(
      'the parcel picked up after the outage',
      async () => {
        const stock = await http('GET', `/v1/stock/${sku}`);
        return stock.status === 200 && stock.body.totals.expectedInbound > 0
          ? stock.body.totals.expectedInbound
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(inbound).toBe(2);
  });
});
