/**
 * The lifecycle under load: N returns opened concurrently through returns-intake's REST API on the
 * whole platform (five services, partner simulators without delays or failures, the demo
 * inspector), each followed until returns-intake announces ReturnCompleted. Every event of the run
 * is read back from Kafka, so each hop's latency is its `ce_time` to the consuming service's inbox
 * row (written in the transaction that applies it). Orders are stored as rebound-commerce, returns
 * opened as rebound-storefront.
 */
import { join } from 'node:path';
import { LOCAL_KAFKA_TOOLS, localKafkaEnv } from '@rebound/kafka';
import { EventHeaders, Topics, catalogueTopics, headerText } from '@rebound/contracts';
import { adminDatabaseUrl } from '@rebound/persistence';
import { DEMO_SERVICE_ENV } from '../platform/demo-platform';
import { WORKSPACE_ROOT } from '../platform/managed-process';
import { Platform, SERVICE_NAMES, ServiceName, ServiceSettings } from '../platform/platform';
import { callJsonAs } from '../platform/call-json';
import { clientCredentials } from '../platform/client-credentials';
import { untilCollectable } from '../platform/run-samples';
import { inParallel } from '../platform/in-parallel';
import { RunGround } from '../platform/run-ground';
import { percentile } from './stats';

// Below Linux's ephemeral range (32768–60999), where an outgoing connection could hold a port first.
export const BENCH_PORTS = { http: 3101, grpc: { 'returns-intake': 3151, inventory: 3154 }, sandbox: 3190 } as const;

export interface LifecycleFigures {
  readonly returns: number;
  readonly completedPerSecond: number;
  readonly requestToCompletedMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  readonly hops: readonly {
    readonly hop: string;
    readonly count: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
  }[];
  /** Events applied by some service per completed return. */
  readonly hopsPerReturn: number;
  /** Events published per second over the run, all topics. */
  readonly eventsPerSecond: number;
  readonly returnIds: readonly string[];
}

interface SeenEvent {
  readonly type: string;
  readonly timeMs: number;
}

const DAY_MS = 86_400_000;

export interface BenchPlatform {
  readonly platform: Platform;
  /** Each service's database schema. */
  readonly schemas: Readonly<Record<ServiceName, string>>;
}

/** Where the CPU profiles of `--profile` go (one .cpuprofile per process, written as it exits). */
export const BENCH_PROFILE_DIR = join(WORKSPACE_ROOT, '.rebound/bench/profiles');

/** The platform of a run, not started yet (its `start()` does). */
export async function createBenchPlatform(
  ground: RunGround,
  logDir: string,
  profiled: readonly ServiceName[],
  progress: (line: string) => void,
): Promise<BenchPlatform> {
  const services = {} as Record<ServiceName, ServiceSettings>;
  const schemas = {} as Record<ServiceName, string>;
  for (const [index, name] of SERVICE_NAMES.entries()) {
    const schema = await ground.schema(name);
    schemas[name] = schema;
    services[name] = {
      httpPort: BENCH_PORTS.http + index,
      ...((name === 'returns-intake' || name === 'inventory') && { grpcPort: BENCH_PORTS.grpc[name] }),
      env: {
        DATABASE_SCHEMA: schema,
        ...(name === 'pickup-scheduling' && DEMO_SERVICE_ENV['pickup-scheduling']),
      },
      ...(profiled.includes(name) && { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${BENCH_PROFILE_DIR}`] }),
    };
  }
  const simulator = (partnerId: string, seed: number) => ({
    partnerId,
    args: ['--delay', '0', '--from-beginning', '--seed', String(seed)],
  });
  const platform = new Platform(
    {
      logDir,
      env: {
        KAFKA_TOPIC_NAMESPACE: ground.namespace,
        DATABASE_URL: adminDatabaseUrl(),
        LOG_LEVEL: 'warn',
        // The bench drives one client as hard as the platform allows: it measures throughput, not the limit.
        RATE_LIMIT_WRITES_PER_MINUTE: '0',
      },
      services,
      partners: [simulator('parcelpoint', 1), simulator('swiftback', 2)],
      inspector: { warehouses: ['wh-berlin'], defaultGrade: 'A', skuGrades: {}, pollIntervalMs: 100 },
      paymentSandboxPort: BENCH_PORTS.sandbox,
      paymentSandboxSchema: await ground.schema('payment-sandbox'),
      // Under its own namespace, every process is the benchmark's (the local stack's bench user).
      kafkaCredentials: () => localKafkaEnv(LOCAL_KAFKA_TOOLS.bench.user),
    },
    progress,
  );
  return { platform, schemas };
}

export async function runLifecycle(
  ground: RunGround,
  { platform, schemas }: BenchPlatform,
  options: { readonly returns: number; readonly concurrency: number; readonly timeoutMs: number },
  progress: (line: string) => void,
): Promise<LifecycleFigures> {
  const intake = platform.services['returns-intake'].httpUrl;
  const commerce = callJsonAs(clientCredentials('rebound-commerce'));
  const storefront = callJsonAs(clientCredentials('rebound-storefront'));
  const now = Date.now();
  // Half the orders ship to Germany (ParcelPoint's labels), half to Austria (SwiftBack's).
  const orders = Array.from({ length: options.returns }, (_, index) => ({
    orderId: `bench-${ground.tag}-${index}`,
    country: index % 2 === 0 ? 'DE' : 'AT',
    sku: `SKU-BENCH-${index % 50}`,
  }));
  progress(`storing ${orders.length} orders`);
  await inParallel(orders, options.concurrency, async (order) => {
    await commerce('PUT', `${intake}/v1/orders/${order.orderId}`, {
      customerId: `bench-customer-${order.orderId}`,
      currency: 'EUR',
      shippingRegion: order.country,
      placedAt: new Date(now - 8 * DAY_MS).toISOString(),
      deliveredAt: new Date(now - 5 * DAY_MS).toISOString(),
      lines: [
        { lineId: 'line-1', sku: order.sku, category: 'apparel', quantity: 1, unitPriceMinor: 4999, finalSale: false },
      ],
      payments: [{ chargeId: `ch-${order.orderId}`, allocations: [{ lineId: 'line-1', amountMinor: 4999 }] }],
    });
  });

  const request = (order: (typeof orders)[number]) => ({
    orderId: order.orderId,
    method: 'mail_back',
    lines: [{ lineId: 'line-1', quantity: 1, reasonCode: 'wrong_size' }],
  });
  // One of each country: returns-intake knows the partners for both once these preview.
  await untilCollectable(intake, orders.slice(0, 2).map(request), Date.now() + 60_000);

  const seen = new Map<string, SeenEvent>();
  const completedAt = new Map<string, number>();
  const reader = ground.broker.consumer({
    groupId: `bench.reader.${ground.tag}`,
    maxWaitTimeMs: 100,
    commitOffsets: false,
  });
  await reader.connect();
  // The catalogue, and the partners' tracking topics (which exist since pickup-scheduling registered them).
  await reader.subscribe(
    [...catalogueTopics().map((topic) => topic.name), /^partners\.[a-z0-9-]+\.tracking\.v1$/],
    true,
  );
  await reader.run(async (batch, control) => {
    for (const message of batch.messages) {
      const id = headerText(message.headers, EventHeaders.id);
      const type = headerText(message.headers, EventHeaders.type);
      const time = headerText(message.headers, EventHeaders.time);
      if (id && type && time) seen.set(id, { type, timeMs: Date.parse(time) });
      if (type === 'ReturnCompleted' && batch.topic === Topics.returnsReturn.name) {
        completedAt.set(headerText(message.headers, EventHeaders.subject) ?? '', Date.parse(time ?? ''));
      }
      control.markProcessed(message);
    }
  });

  progress(`opening ${orders.length} returns, ${options.concurrency} at a time`);
  const sentAt = new Map<string, number>();
  const started = Date.now();
  await inParallel(orders, options.concurrency, async (order) => {
    const sent = Date.now();
    const opened = await storefront<{ returnId: string; status: string }>(
      'POST',
      `${intake}/v1/returns`,
      request(order),
      { 'idempotency-key': `${order.orderId}-return` },
    );
    if (opened.status !== 'approved') throw new Error(`return of ${order.orderId} was ${opened.status}, not approved`);
    sentAt.set(opened.returnId, sent);
  });
  progress(
    `opened ${sentAt.size} returns in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for them to complete`,
  );

  const deadline = started + options.timeoutMs;
  let lastReport = 0;
  while ([...sentAt.keys()].some((returnId) => !completedAt.has(returnId))) {
    if (Date.now() > deadline) {
      throw new Error(
        `after ${options.timeoutMs / 1000} s only ${completedAt.size} of ${sentAt.size} returns had completed`,
      );
    }
    if (Date.now() - lastReport > 5_000) {
      lastReport = Date.now();
      progress(`${completedAt.size} of ${sentAt.size} completed`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await reader.stop();
  await reader.disconnect();

  const lastCompleted = Math.max(...completedAt.values());
  const latencies = [...sentAt].map(([returnId, sent]) => (completedAt.get(returnId) as number) - sent);
  const applied: { service: string; eventId: string; processedMs: number }[] = [];
  for (const name of SERVICE_NAMES) {
    const rows = await ground.query<{ event_id: string; processed_at: Date }>(
      `SELECT event_id, processed_at FROM ${schemas[name]}.inbox WHERE outcome = 'applied'`,
    );
    for (const row of rows)
      applied.push({ service: name, eventId: row.event_id, processedMs: row.processed_at.getTime() });
  }
  const byHop = new Map<string, number[]>();
  for (const { service, eventId, processedMs } of applied) {
    const event = seen.get(eventId);
    if (!event) continue;
    const hop = `${event.type} → ${service}`;
    const samples = byHop.get(hop) ?? [];
    samples.push(processedMs - event.timeMs);
    byHop.set(hop, samples);
  }
  const publishedTimes = [...seen.values()].map((event) => event.timeMs);
  return {
    returns: sentAt.size,
    completedPerSecond: (sentAt.size * 1000) / (lastCompleted - started),
    requestToCompletedMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
    },
    hops: [...byHop]
      .map(([hop, samples]) => ({
        hop,
        count: samples.length,
        p50Ms: percentile(samples, 50),
        p99Ms: percentile(samples, 99),
      }))
      .sort((a, b) => a.hop.localeCompare(b.hop)),
    hopsPerReturn: applied.length / sentAt.size,
    eventsPerSecond: (seen.size * 1000) / (Math.max(...publishedTimes) - Math.min(...publishedTimes)),
    returnIds: [...sentAt.keys()],
  };
}

export const BENCH_LOG_DIR = join(WORKSPACE_ROOT, '.rebound/bench/logs');
