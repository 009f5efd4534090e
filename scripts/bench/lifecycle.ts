/**
 * The lifecycle under load on the whole platform (five services, some with replicas, partner
 * simulators without delays or failures, the demo inspector): returns opened through
 * returns-intake's REST API, first in a closed loop (a fixed number at a time, as fast as they are
 * answered: the maximum), then in an open loop (at a fixed rate, below that maximum), each followed
 * until returns-intake announces ReturnCompleted. Every event of the run is read back from Kafka, so
 * each hop's latency is its `ce_time` to the consuming service's inbox row (written in the
 * transaction that applies it). Orders are stored as rebound-commerce, returns opened as
 * rebound-storefront.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BrokerConsumer, LOCAL_KAFKA_TOOLS, localKafkaEnv } from '@rebound/kafka';
import { EventHeaders, Topics, catalogueTopics, headerText } from '@rebound/contracts';
import { adminDatabaseUrl } from '@rebound/persistence';
import { DEMO_SERVICE_ENV } from '../platform/demo-platform';
import { WORKSPACE_ROOT } from '../platform/managed-process';
import {
  Platform,
  SERVICE_NAMES,
  ServiceName,
  ServiceSettings,
  builtServiceEntry,
  serviceNamed,
} from '../platform/platform';
import { callJsonAs } from '../platform/call-json';
import { clientCredentials } from '../platform/client-credentials';
import { untilCollectable } from '../platform/run-samples';
import { inParallel } from '../platform/in-parallel';
import { RunGround } from '../platform/run-ground';
import { Correctness, checkCorrectness } from './correctness';
import { completionRate, keptUp, sendOnSchedule, sendSchedule } from './open-loop';
import { ResourceSampler, ResourceUsage } from './resources';
import { AppliedEvent, HopFigure, Percentiles, PublishedEvent, Window, hopFigures, percentiles } from './stats';

// Below Linux's ephemeral range (32768–60999), where an outgoing connection could hold a port first.
// Replicas take ports one after the other from `replicas` on.
export const BENCH_PORTS = {
  http: 3101,
  /** gRPC, for the services that serve it, at the same offset from here as their HTTP port from `http`. */
  grpc: 3151,
  sandbox: 3190,
  replicas: 3300,
} as const;

/** The figures of one phase of the lifecycle, over its own returns and the events published during it. */
export interface PhaseFigures {
  readonly returns: number;
  /** From its first return sent (or due) to its last completion. */
  readonly seconds: number;
  readonly completedPerSecond: number;
  /** From sending the return's POST (the open loop: from when it was due) to the `ce_time` of its ReturnCompleted. */
  readonly requestToCompletedMs: Percentiles;
  readonly hops: readonly HopFigure[];
  /** Events applied by some service per completed return. */
  readonly hopsPerReturn: number;
  /** Events published per second, all topics. */
  readonly eventsPerSecond: number;
  /** Each process's CPU and memory over the phase. */
  readonly resources: readonly ResourceUsage[];
}

export interface OpenLoopFigures extends PhaseFigures {
  readonly offeredPerSecond: number;
  /** The rate completions came at. */
  readonly achievedPerSecond: number;
  /** Whether that was the rate offered (see `keptUp`). */
  readonly keptUp: boolean;
  /** From when a POST was due to its answer. */
  readonly postMs: Percentiles;
}

export interface LifecycleFigures {
  readonly closed: PhaseFigures;
  readonly open: OpenLoopFigures;
  readonly correctness: Correctness;
  readonly returnIds: readonly string[];
}

const DAY_MS = 86_400_000;

export interface BenchPlatform {
  readonly platform: Platform;
  /** Each service's database schema. */
  readonly schemas: Readonly<Record<ServiceName, string>>;
}

/** Where the CPU profiles of `--profile` go (one .cpuprofile per process, written as it exits). */
export const BENCH_PROFILE_DIR = join(WORKSPACE_ROOT, '.rebound/bench/profiles');

/**
 * The platform of a run, not started yet (its `start()` does). `instances` says how many processes
 * a service runs (1 when not named): replicas in the same consumer group, as Kubernetes would run.
 */
export async function createBenchPlatform(
  ground: RunGround,
  logDir: string,
  options: {
    readonly profiled: readonly ServiceName[];
    readonly instances: Readonly<Partial<Record<ServiceName, number>>>;
  },
  progress: (line: string) => void,
): Promise<BenchPlatform> {
  buildServices(progress);
  const services = {} as Record<ServiceName, ServiceSettings>;
  const schemas = {} as Record<ServiceName, string>;
  let nextReplicaPort: number = BENCH_PORTS.replicas;
  const replicaPort = () => nextReplicaPort++;
  for (const [index, name] of SERVICE_NAMES.entries()) {
    const schema = await ground.schema(name);
    schemas[name] = schema;
    const grpc = serviceNamed(name).ports.grpc !== undefined;
    services[name] = {
      httpPort: BENCH_PORTS.http + index,
      ...(grpc && { grpcPort: BENCH_PORTS.grpc + index }),
      replicas: Array.from({ length: (options.instances[name] ?? 1) - 1 }, () => ({
        httpPort: replicaPort(),
        ...(grpc && { grpcPort: replicaPort() }),
      })),
      env: {
        DATABASE_SCHEMA: schema,
        ...(name === 'pickup-scheduling' && DEMO_SERVICE_ENV['pickup-scheduling']),
      },
      ...(options.profiled.includes(name) && { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${BENCH_PROFILE_DIR}`] }),
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
      servicesBuilt: true,
      paymentSandboxPort: BENCH_PORTS.sandbox,
      paymentSandboxSchema: await ground.schema('payment-sandbox'),
      // Under its own namespace, every process is the benchmark's (the local stack's bench user).
      kafkaCredentials: () => localKafkaEnv(LOCAL_KAFKA_TOOLS.bench.user),
    },
    progress,
  );
  return { platform, schemas };
}

interface Order {
  readonly orderId: string;
  readonly country: string;
  readonly sku: string;
}

/** A phase of the lifecycle as it ran: when each return was sent (the open loop: when it was due). */
interface PhaseRecord {
  readonly sentAt: ReadonlyMap<string, number>;
  readonly window: Window;
  readonly resources: readonly ResourceUsage[];
}

/**
 * The lifecycle on a started platform, phase after phase, with every event of the run read back
 * from Kafka from `begin()` to `finish()`. Each phase waits until its returns have completed, so the
 * next starts on an idle platform and a phase's events are those published within its window.
 */
export class LifecycleRun {
  private readonly published = new Map<string, PublishedEvent>();
  /** For each return, its ReturnCompleted events: id → ce_time. */
  private readonly completions = new Map<string, Map<string, number>>();
  private readonly commerce = callJsonAs(clientCredentials('rebound-commerce'));
  private readonly storefront = callJsonAs(clientCredentials('rebound-storefront'));
  /** Every instance of returns-intake: orders and returns are spread over them. */
  private readonly intakes: readonly string[];
  private closed: PhaseRecord | undefined;
  private open: (PhaseRecord & { readonly offeredPerSecond: number; readonly postMs: Percentiles }) | undefined;
  private collectable = false;

  private constructor(
    private readonly ground: RunGround,
    private readonly bench: BenchPlatform,
    private readonly reader: BrokerConsumer,
    private readonly progress: (line: string) => void,
  ) {
    this.intakes = bench.platform.services['returns-intake'].httpUrls;
  }

  static async begin(ground: RunGround, bench: BenchPlatform, progress: (line: string) => void): Promise<LifecycleRun> {
    const reader = ground.broker.consumer({
      groupId: `bench.reader.${ground.tag}`,
      maxWaitTimeMs: 100,
      commitOffsets: false,
    });
    const run = new LifecycleRun(ground, bench, reader, progress);
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
        if (id && type && time) {
          run.published.set(id, { type, timeMs: Date.parse(time) });
          if (type === 'ReturnCompleted' && batch.topic === Topics.returnsReturn.name) {
            const returnId = headerText(message.headers, EventHeaders.subject) ?? '';
            const seen = run.completions.get(returnId) ?? new Map<string, number>();
            seen.set(id, Date.parse(time));
            run.completions.set(returnId, seen);
          }
        }
        control.markProcessed(message);
      }
    });
    return run;
  }

  /**
   * Opens `returns` returns, `concurrency` at a time, each sent once the one before it on its
   * connection was answered; resolves once all have completed, with the rate they completed at.
   * Fails when they have not `timeoutMs` after the last was opened.
   */
  async closedLoop(options: {
    readonly returns: number;
    readonly concurrency: number;
    readonly timeoutMs: number;
  }): Promise<{ readonly completedPerSecond: number }> {
    const orders = await this.storeOrders('closed', options.returns, options.concurrency);
    this.progress(`closed loop: opening ${orders.length} returns, ${options.concurrency} at a time`);
    const sampler = this.sampler();
    const sentAt = new Map<string, number>();
    const started = Date.now();
    await inParallel(orders, options.concurrency, async (order, index) => {
      const sent = Date.now();
      sentAt.set(await this.openReturn(order, index), sent);
    });
    this.progress(
      `closed loop: opened ${sentAt.size} returns in ${seconds(Date.now() - started)}; waiting for them to complete`,
    );
    const lastCompleted = await this.untilCompleted('closed loop', [...sentAt.keys()], Date.now() + options.timeoutMs);
    this.closed = { sentAt, window: { fromMs: started, toMs: lastCompleted }, resources: sampler.stop() };
    return { completedPerSecond: (sentAt.size * 1000) / (lastCompleted - started) };
  }

  /**
   * Opens `returns` returns at `ratePerSecond` on a timer, whatever the answers take, each one's
   * latency counted from when it was due; resolves once all have completed. Fails when they have not
   * `timeoutMs` after the last was opened.
   */
  async openLoop(options: {
    readonly ratePerSecond: number;
    readonly returns: number;
    readonly concurrency: number;
    readonly timeoutMs: number;
  }): Promise<void> {
    const orders = await this.storeOrders('open', options.returns, options.concurrency);
    // A second from now: the first sends are not late for the time it takes to start.
    const schedule = sendSchedule(options.ratePerSecond, orders.length, Date.now() + 1_000);
    this.progress(
      `open loop: opening ${orders.length} returns at ${options.ratePerSecond.toFixed(2)} returns/s ` +
        `(${seconds(schedule[schedule.length - 1] - schedule[0])})`,
    );
    const sampler = this.sampler();
    const sentAt = new Map<string, number>();
    const answeredIn: number[] = [];
    let lastReport = 0;
    await sendOnSchedule(
      schedule,
      async (index) => {
        sentAt.set(await this.openReturn(orders[index], index), schedule[index]);
        answeredIn.push(Date.now() - schedule[index]);
      },
      (sent) => {
        if (Date.now() - lastReport < 5_000) return;
        lastReport = Date.now();
        const behind = Math.max(0, Date.now() - schedule[sent - 1]);
        this.progress(
          `open loop: ${sent} of ${orders.length} sent (${behind} ms behind schedule), ${answeredIn.length} answered, ` +
            `${this.completedOf([...sentAt.keys()])} completed`,
        );
      },
    );
    this.progress(`open loop: all ${sentAt.size} returns opened; waiting for them to complete`);
    const lastCompleted = await this.untilCompleted('open loop', [...sentAt.keys()], Date.now() + options.timeoutMs);
    this.open = {
      sentAt,
      window: { fromMs: schedule[0], toMs: lastCompleted },
      resources: sampler.stop(),
      offeredPerSecond: options.ratePerSecond,
      postMs: percentiles(answeredIn),
    };
  }

  /**
   * Stops reading events (a few seconds after the last phase, so a late second ReturnCompleted is
   * seen too) and gives each phase's figures and whether the run stayed correct.
   */
  async finish(): Promise<LifecycleFigures> {
    if (!this.closed || !this.open)
      throw new Error('finish() reports on a closed loop and an open loop, run both first');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await this.reader.stop();
    await this.reader.disconnect();
    const applied: (AppliedEvent & { readonly group: string })[] = [];
    let deadLettered = 0;
    for (const name of SERVICE_NAMES) {
      const rows = await this.ground.query<{
        consumer_group: string;
        event_id: string;
        outcome: string;
        processed_at: Date;
      }>(`SELECT consumer_group, event_id, outcome, processed_at FROM ${this.bench.schemas[name]}.inbox`);
      for (const row of rows) {
        if (row.outcome !== 'applied') deadLettered += 1;
        else
          applied.push({
            consumer: name,
            group: row.consumer_group,
            eventId: row.event_id,
            processedMs: row.processed_at.getTime(),
          });
      }
    }
    const returnIds = [...this.closed.sentAt.keys(), ...this.open.sentAt.keys()];
    const completionIds = new Map(
      [...this.completions].map(([returnId, events]) => [returnId, new Set(events.keys())]),
    );
    const phase = (record: PhaseRecord): PhaseFigures => {
      const { hops, applied: hopCount } = hopFigures(applied, this.published, record.window);
      const inWindow = [...this.published.values()].filter(
        (event) => event.timeMs >= record.window.fromMs && event.timeMs <= record.window.toMs,
      );
      const spanMs = record.window.toMs - record.window.fromMs;
      return {
        returns: record.sentAt.size,
        seconds: spanMs / 1000,
        completedPerSecond: (record.sentAt.size * 1000) / spanMs,
        requestToCompletedMs: percentiles(
          [...record.sentAt].map(([returnId, sent]) => (this.completedAt(returnId) as number) - sent),
        ),
        hops,
        hopsPerReturn: hopCount / record.sentAt.size,
        eventsPerSecond: (inWindow.length * 1000) / spanMs,
        resources: record.resources,
      };
    };
    const achievedPerSecond = completionRate(
      [...this.open.sentAt.keys()].map((returnId) => this.completedAt(returnId) as number),
    );
    const open = {
      ...phase(this.open),
      offeredPerSecond: this.open.offeredPerSecond,
      achievedPerSecond,
      keptUp: keptUp(this.open.offeredPerSecond, achievedPerSecond),
      postMs: this.open.postMs,
    };
    return {
      closed: phase(this.closed),
      open,
      correctness: checkCorrectness(
        returnIds,
        completionIds,
        applied.map(({ group, eventId }) => ({ consumer: group, eventId })),
        deadLettered,
      ),
      returnIds,
    };
  }

  /** Stops reading events, when the run ends before `finish()`. */
  async abandon(): Promise<void> {
    await this.reader.stop();
    await this.reader.disconnect();
  }

  /** One order per return, stored as rebound-commerce; half ship to Germany (ParcelPoint), half to Austria (SwiftBack). */
  private async storeOrders(phase: string, count: number, concurrency: number): Promise<Order[]> {
    const now = Date.now();
    const orders = Array.from({ length: count }, (_, index) => ({
      orderId: `bench-${this.ground.tag}-${phase}-${index}`,
      country: index % 2 === 0 ? 'DE' : 'AT',
      sku: `SKU-BENCH-${index % 50}`,
    }));
    this.progress(`${phase} loop: storing ${orders.length} orders`);
    await inParallel(orders, concurrency, async (order, index) => {
      await this.commerce('PUT', `${this.intake(index)}/v1/orders/${order.orderId}`, {
        customerId: `bench-customer-${order.orderId}`,
        currency: 'EUR',
        shippingRegion: order.country,
        placedAt: new Date(now - 8 * DAY_MS).toISOString(),
        deliveredAt: new Date(now - 5 * DAY_MS).toISOString(),
        lines: [
          {
            lineId: 'line-1',
            sku: order.sku,
            category: 'apparel',
            quantity: 1,
            unitPriceMinor: 4999,
            finalSale: false,
          },
        ],
        payments: [{ chargeId: `ch-${order.orderId}`, allocations: [{ lineId: 'line-1', amountMinor: 4999 }] }],
      });
    });
    if (!this.collectable) {
      // One of each country: returns-intake knows the partners for both once these preview.
      await untilCollectable(this.intakes[0], orders.slice(0, 2).map(returnRequest), Date.now() + 60_000);
      this.collectable = true;
    }
    return orders;
  }

  /** Opens the return of `order` through the `index`-th instance of returns-intake (round robin); its id. */
  private async openReturn(order: Order, index: number): Promise<string> {
    const opened = await this.storefront<{ returnId: string; status: string }>(
      'POST',
      `${this.intake(index)}/v1/returns`,
      returnRequest(order),
      { 'idempotency-key': `${order.orderId}-return` },
    );
    if (opened.status !== 'approved') throw new Error(`return of ${order.orderId} was ${opened.status}, not approved`);
    return opened.returnId;
  }

  private intake(index: number): string {
    return this.intakes[index % this.intakes.length];
  }

  /** Resolves with the last completion's time once every return of `returnIds` has completed. */
  private async untilCompleted(phase: string, returnIds: readonly string[], deadline: number): Promise<number> {
    let lastReport = 0;
    while (this.completedOf(returnIds) < returnIds.length) {
      if (Date.now() > deadline) {
        const waiting = returnIds.filter((returnId) => !this.completions.has(returnId));
        throw new Error(
          `${phase}: by the deadline only ${returnIds.length - waiting.length} of ${returnIds.length} returns had ` +
            `completed; still waiting for ${waiting.slice(0, 5).join(', ')}${waiting.length > 5 ? ' …' : ''} ` +
            `(the processes' logs are in ${BENCH_LOG_DIR})`,
        );
      }
      if (Date.now() - lastReport > 5_000) {
        lastReport = Date.now();
        this.progress(`${phase}: ${this.completedOf(returnIds)} of ${returnIds.length} completed`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return Math.max(...returnIds.map((returnId) => this.completedAt(returnId) as number));
  }

  private completedOf(returnIds: readonly string[]): number {
    return returnIds.filter((returnId) => this.completions.has(returnId)).length;
  }

  /** When the return first completed (the earliest ce_time of its ReturnCompleted events). */
  private completedAt(returnId: string): number | undefined {
    const times = this.completions.get(returnId);
    return times && Math.min(...times.values());
  }

  /** CPU and memory of every process of the platform, and of the benchmark's own. */
  private sampler(): ResourceSampler {
    return new ResourceSampler(() => [
      ...this.bench.platform.all().map((child) => ({ name: child.name, pid: child.pid })),
      { name: 'bench (this process)', pid: process.pid },
    ]);
  }
}

function returnRequest(order: Order): Record<string, unknown> {
  return {
    orderId: order.orderId,
    method: 'mail_back',
    lines: [{ lineId: 'line-1', quantity: 1, reasonCode: 'wrong_size' }],
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export const BENCH_LOG_DIR = join(WORKSPACE_ROOT, '.rebound/bench/logs');

/**
 * The services run as the images run them: their `build` targets' output under plain Node, so that
 * neither their CPU nor their resident memory includes a TypeScript loader.
 */
function buildServices(progress: (line: string) => void): void {
  const started = Date.now();
  try {
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...SERVICE_NAMES, '--outputStyle=static'], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, NX_DAEMON: 'false' },
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    throw new Error(`building the services failed:\n${output.trim().split('\n').slice(-20).join('\n')}`);
  }
  progress(
    `built the services (${builtServiceEntry(SERVICE_NAMES[0])}, …) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}
