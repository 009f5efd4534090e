/**
 * The operations endpoints every service serves (libs/messaging's serviceInfrastructure), seen on
 * inventory: ready means database, migrations and Kafka; live means the process, and nothing else;
 * /metrics is Prometheus' view.
 */
import { randomUUID } from 'node:crypto';
import { ParcelPickedUp } from '@rebound/contracts';
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
