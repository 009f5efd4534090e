/**
 * A chaos run: the whole platform as processes (the bring-up's code, supervised as scripts/up does)
 * under a topic namespace and schemas of its own; a stream of returns of every kind opened at a
 * steady pace; while they flow, each fault injected in turn and the time the platform takes to be
 * ready again measured; then, once every return has ended and the outboxes are empty, the invariants
 * counted (invariants.ts). The storefront and the commerce platform behave as real clients do: a call
 * that fails for the platform's sake is retried, with the same Idempotency-Key.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCAL_KAFKA_TOOLS, localKafkaEnv } from '@rebound/kafka';
import { adminDatabaseUrl } from '@rebound/persistence';
import { HttpError, callJson, callJsonAs } from '../platform/call-json';
import { clientCredentials } from '../platform/client-credentials';
import { DEMO_INSPECTOR, DEMO_PARTNER_SIMULATORS, DEMO_SERVICE_ENV } from '../platform/demo-platform';
import { Platform, SERVICE_NAMES, ServiceName, ServiceSettings, isReady } from '../platform/platform';
import { inParallel } from '../platform/in-parallel';
import { RunGround } from '../platform/run-ground';
import { ENDED_STATUSES, untilCollectable } from '../platform/run-samples';
import { Fault } from './faults';
import { DrivenReturn, InvariantsReport, countInvariants, formatInvariants, violations } from './invariants';
import { ChaosReturn, chargeOf, returnMix } from './return-mix';

// Below Linux's ephemeral range (32768–60999), where an outgoing connection could hold a port first.
export const CHAOS_PORTS = { http: 3201, grpc: { 'returns-intake': 3251, inventory: 3254 }, sandbox: 3290 } as const;

export interface ChaosOptions {
  readonly returns: number;
  readonly faults: readonly Fault[];
  /** New returns opened per second while the run lasts. */
  readonly openPerSecond: number;
  /** The pause after the platform recovered from one fault before the next. */
  readonly faultGapMs: number;
  /** How long every return may take to end once the last was opened. */
  readonly settleTimeoutMs: number;
  readonly logDir: string;
  /** Keep the namespace's topics and the schemas afterwards, to look at them. */
  readonly keep: boolean;
}

export interface FaultRecord {
  readonly name: string;
  readonly exercises: string;
  /** Seconds from the first return opened to the fault. */
  readonly atSeconds: number;
  /** From the fault until every process and every service was ready again; null when it never was. */
  readonly recoveredInSeconds: number | null;
  /** How many returns had been opened when it struck. */
  readonly returnsOpened: number;
}

export interface ChaosReport {
  readonly namespace: string;
  readonly returns: { readonly driven: number; readonly byKind: Readonly<Record<string, number>> };
  readonly faults: readonly FaultRecord[];
  /** Restarts of each process the supervisor made. */
  readonly restarts: Readonly<Record<string, number>>;
  /** Calls the clients made again after the platform failed them. */
  readonly clientRetries: number;
  readonly durationSeconds: number;
  readonly invariants: InvariantsReport;
  readonly violations: readonly string[];
}

interface Driven {
  readonly chaos: ChaosReturn;
  returnId?: string;
  expected: string;
  status?: string;
}

export async function runChaos(options: ChaosOptions, say: (line: string) => void): Promise<ChaosReport> {
  const ground = await RunGround.prepare('chaos');
  say(`topic namespace ${ground.namespace}; logs in ${options.logDir}`);
  const { platform, schemas, sandboxSchema } = await createChaosPlatform(ground, options.logDir, say);
  try {
    await platform.start();
    return await drive(ground, platform, schemas, sandboxSchema, options, say);
  } finally {
    await platform.stop();
    if (!options.keep) await ground.dispose();
  }
}

async function createChaosPlatform(
  ground: RunGround,
  logDir: string,
  say: (line: string) => void,
): Promise<{ platform: Platform; schemas: Record<ServiceName, string>; sandboxSchema: string }> {
  const services = {} as Record<ServiceName, ServiceSettings>;
  const schemas = {} as Record<ServiceName, string>;
  for (const [index, name] of SERVICE_NAMES.entries()) {
    schemas[name] = await ground.schema(name);
    services[name] = {
      httpPort: CHAOS_PORTS.http + index,
      ...((name === 'returns-intake' || name === 'inventory') && { grpcPort: CHAOS_PORTS.grpc[name] }),
      env: { DATABASE_SCHEMA: schemas[name], ...(name === 'pickup-scheduling' && DEMO_SERVICE_ENV[name]) },
    };
  }
  const sandboxSchema = await ground.schema('payment-sandbox');
  const platform = new Platform(
    {
      logDir,
      env: {
        KAFKA_TOPIC_NAMESPACE: ground.namespace,
        DATABASE_URL: adminDatabaseUrl(),
        LOG_LEVEL: 'info',
        // The run's clients are few and busy; the limit per caller is not what it tests.
        RATE_LIMIT_WRITES_PER_MINUTE: '0',
        // A provider call that hangs is given up on after 5 s and looked up, not after the default.
        PAYMENT_TIMEOUT_MS: '5000',
        SANDBOX_HANG_MS: '8000',
        // A killed service's partitions move to its restarted self after 10 s, not the default 30.
        KAFKA_SESSION_TIMEOUT_MS: '10000',
      },
      services,
      // Every partner duplicates and reorders some of its events, besides what the demo makes it do.
      partners: DEMO_PARTNER_SIMULATORS.map((partner) => ({ ...partner, args: stormy(partner.args) })),
      inspector: DEMO_INSPECTOR,
      paymentSandboxPort: CHAOS_PORTS.sandbox,
      paymentSandboxSchema: sandboxSchema,
      // Under its own namespace, every process is the chaos run's (the local stack's chaos user).
      kafkaCredentials: () => localKafkaEnv(LOCAL_KAFKA_TOOLS.chaos.user),
    },
    (line) => say(`  ${line}`),
  );
  return { platform, schemas, sandboxSchema };
}

async function drive(
  ground: RunGround,
  platform: Platform,
  schemas: Record<ServiceName, string>,
  sandboxSchema: string,
  options: ChaosOptions,
  say: (line: string) => void,
): Promise<ChaosReport> {
  const intake = platform.services['returns-intake'].httpUrl;
  const sandbox = platform.paymentProviderUrl as string;
  const commerce = callJsonAs(clientCredentials('rebound-commerce'));
  const storefront = callJsonAs(clientCredentials('rebound-storefront'));
  let clientRetries = 0;
  /** Calls again while the platform fails the call (down, restarting, 5xx), as a client with an idempotency key may. */
  const patiently = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + 300_000;
    for (;;) {
      try {
        return await call();
      } catch (error) {
        const callersFault = error instanceof HttpError && error.status >= 400 && error.status < 500;
        if (callersFault || Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`);
        clientRetries++;
        await sleep(1_000);
      }
    }
  };

  const mix = returnMix(ground.tag, options.returns, new Date());
  const driven: Driven[] = mix.map((chaos) => ({ chaos, expected: chaos.expected }));
  say(`storing ${mix.length} orders`);
  await inParallel(mix, 8, (chaos) =>
    patiently(`storing order ${chaos.sample.orderId}`, () =>
      commerce('PUT', `${intake}/v1/orders/${encodeURIComponent(chaos.sample.orderId)}`, chaos.sample.order),
    ),
  );
  // One of each kind: returns-intake knows the partners for all once these preview.
  await untilCollectable(
    intake,
    mix.slice(0, 9).map((chaos) => chaos.sample.request),
    Date.now() + 120_000,
  );

  const started = Date.now();
  let opened = 0;
  const open = async (entry: Driven) => {
    const { chaos } = entry;
    if (chaos.providerScript) {
      await patiently(`scripting the sandbox for ${chaos.sample.orderId}`, () =>
        callJson('PUT', `${sandbox}/sandbox/scripts/${chargeOf(chaos.sample)}`, { outcomes: chaos.providerScript }),
      );
    }
    const view = await patiently(`opening the return of ${chaos.sample.orderId}`, () =>
      storefront<{ returnId: string; status: string }>('POST', `${intake}/v1/returns`, chaos.sample.request, {
        'idempotency-key': `${chaos.sample.orderId}-return`,
      }),
    );
    entry.returnId = view.returnId;
    entry.status = view.status;
    opened++;
    if (chaos.kind === 'cancelled') {
      try {
        await patiently(`cancelling ${view.returnId}`, () =>
          storefront('POST', `${intake}/v1/returns/${view.returnId}/cancel`, { reason: 'changed my mind' }),
        );
      } catch (error) {
        // The parcel was already on its way: the return carries on, as it would for a real customer.
        if (!/not-cancellable/.test((error as Error).message)) throw error;
        entry.expected = 'completed';
      }
    }
  };
  const opening = (async () => {
    for (const entry of driven) {
      const next = started + (opened * 1000) / options.openPerSecond;
      await sleep(Math.max(0, next - Date.now()));
      await open(entry);
      if (opened % 50 === 0) say(`${opened} of ${driven.length} returns opened`);
    }
  })();

  const faults: FaultRecord[] = [];
  const injecting = (async () => {
    const poison = new Set<string>();
    // The storm starts once a tenth of the returns are on their way.
    while (opened < Math.ceil(driven.length / 10)) await sleep(200);
    for (const fault of options.faults) {
      const at = Date.now();
      say(`✦ ${fault.name} (${opened} returns opened): ${fault.exercises}`);
      await fault.inject({ platform, ground, poison, say });
      const recovered = await untilRecovered(platform, 240_000);
      const record: FaultRecord = {
        name: fault.name,
        exercises: fault.exercises,
        atSeconds: (at - started) / 1000,
        recoveredInSeconds: recovered === undefined ? null : (recovered - at) / 1000,
        returnsOpened: opened,
      };
      faults.push(record);
      say(
        record.recoveredInSeconds === null
          ? `  ✗ not recovered after 240 s`
          : `  ✓ every process ready again after ${record.recoveredInSeconds.toFixed(1)} s`,
      );
      await sleep(options.faultGapMs);
    }
    return poison;
  })();
  const [, poison] = await Promise.all([opening, injecting]);
  say(`all ${driven.length} returns opened and ${faults.length} faults injected; waiting for every return to end`);

  await untilEnded(driven, intake, storefront, Date.now() + options.settleTimeoutMs, say);
  await untilDrained(ground, schemas, 120_000);
  const drivenReturns: DrivenReturn[] = driven
    .filter((entry): entry is Driven & { returnId: string } => entry.returnId !== undefined)
    .map((entry) => ({ returnId: entry.returnId, expected: entry.expected }));
  say('counting');
  const invariants = await countInvariants({
    broker: ground.broker,
    databaseUrl: adminDatabaseUrl(),
    schemas: Object.fromEntries(SERVICE_NAMES.map((name) => [name, schemas[name]])),
    sandboxSchema,
    returns: drivenReturns,
    injectedPoison: poison,
    purpose: 'chaos.count',
  });
  return {
    namespace: ground.namespace,
    returns: {
      driven: drivenReturns.length,
      byKind: Object.fromEntries(
        [...new Set(mix.map((chaos) => chaos.kind))].map((kind) => [
          kind,
          mix.filter((chaos) => chaos.kind === kind).length,
        ]),
      ),
    },
    faults,
    restarts: Object.fromEntries(platform.all().map((child) => [child.name, child.restarts])),
    clientRetries,
    durationSeconds: (Date.now() - started) / 1000,
    invariants,
    violations: violations(invariants),
  };
}

/** A simulator's options with a tenth of its events duplicated and a tenth reordered. */
function stormy(args: readonly string[]): string[] {
  const out = [...args];
  for (const option of ['--duplicate-rate', '--reorder-rate']) {
    const at = out.indexOf(option);
    if (at >= 0) out[at + 1] = '0.1';
    else out.push(option, '0.1');
  }
  return out;
}

/** The faults with the time to recover from each, the restarts, and the invariants as a table. */
export function formatChaosReport(report: ChaosReport): string {
  const width = Math.max(...report.faults.map((fault) => fault.name.length), 5);
  const faults = report.faults.map(
    (fault) =>
      `${fault.recoveredInSeconds === null ? '✗' : '✓'} ${fault.name.padEnd(width)}  at ${fault.atSeconds
        .toFixed(0)
        .padStart(4)} s, ${String(fault.returnsOpened).padStart(4)} returns opened, ` +
      (fault.recoveredInSeconds === null ? 'never recovered' : `recovered in ${fault.recoveredInSeconds.toFixed(1)} s`),
  );
  const restarts = Object.entries(report.restarts)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  return [
    `returns: ${report.returns.driven} driven (${Object.entries(report.returns.byKind)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ')}) in ${report.durationSeconds.toFixed(0)} s`,
    `restarts by the supervisor: ${restarts || 'none'}; client calls made again: ${report.clientRetries}`,
    '',
    'faults',
    ...faults,
    '',
    'invariants',
    formatInvariants(report.invariants),
  ].join('\n');
}

/** When every process is ready and every service answers /health/ready 200; undefined at the timeout. */
async function untilRecovered(platform: Platform, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  // A process killed a moment ago may not be seen as exited yet.
  await sleep(500);
  while (Date.now() < deadline) {
    const processesReady = platform.all().every((child) => child.ready);
    if (
      processesReady &&
      (await Promise.all(SERVICE_NAMES.map((name) => isReady(platform.services[name].httpUrl)))).every(Boolean)
    ) {
      return Date.now();
    }
    await sleep(250);
  }
  return undefined;
}

async function untilEnded(
  driven: readonly Driven[],
  intake: string,
  storefront: ReturnType<typeof callJsonAs>,
  deadline: number,
  say: (line: string) => void,
): Promise<void> {
  let lastReport = 0;
  for (;;) {
    const waiting = driven.filter((entry) => entry.returnId && !ENDED_STATUSES.includes(entry.status ?? ''));
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      say(
        `✗ ${waiting.length} returns had not ended: ${waiting.map((entry) => `${entry.returnId} ${entry.status}`).join(', ')}`,
      );
      return;
    }
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      say(`${driven.length - waiting.length} of ${driven.length} returns ended`);
    }
    await inParallel(waiting, 8, async (entry) => {
      try {
        const view = await storefront<{ status: string }>('GET', `${intake}/v1/returns/${entry.returnId}`);
        entry.status = view.status;
      } catch {
        // Asked again on the next round.
      }
    });
    await sleep(1_000);
  }
}

/** Until no outbox holds a row to publish and no consumer holds a parked event. */
async function untilDrained(ground: RunGround, schemas: Record<ServiceName, string>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let waiting = 0;
    for (const name of SERVICE_NAMES) {
      const [row] = await ground.query<{ outbox: number; parked: number }>(
        `SELECT (SELECT count(*) FROM ${schemas[name]}.outbox WHERE published_at IS NULL AND parked_at IS NULL)::int AS outbox,
                (SELECT count(*) FROM ${schemas[name]}.parked_event)::int AS parked`,
      );
      waiting += row.outbox + row.parked;
    }
    if (waiting === 0) return;
    await sleep(1_000);
  }
}
