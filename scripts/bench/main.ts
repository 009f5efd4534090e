/**
 * The benchmark (see docs/performance.md): this machine's ceilings, then the lifecycle and the
 * intake API on the whole platform, each figure next to its ceiling. Prints a table and writes the
 * same figures as JSON. Needs the local stack (`scripts/stack up`); starts and stops everything else
 * itself, under a topic namespace and database schemas it removes at the end.
 *   npx nx run scripts:bench [--returns 2000] [--concurrency 32] [--api-seconds 10] [--out file.json]
 *                            [--profile <service> ...]   (CPU profiles in .rebound/bench/profiles)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { clientCredentials } from '../platform/client-credentials';
import { WORKSPACE_ROOT } from '../platform/managed-process';
import { SERVICE_NAMES, type Platform, type ServiceName } from '../platform/platform';
import { kafkaCeiling, nestHttpCeiling, postgresHopCeiling } from './ceilings';
import { RUN_PARTITIONS, RunGround } from '../platform/run-ground';
import { apiTokenValidForMs, benchIntakeApi } from './intake-api';
import { BENCH_LOG_DIR, BENCH_PROFILE_DIR, runLifecycle, createBenchPlatform } from './lifecycle';
import { Figure, formatTable } from './stats';

const BARE_NEST_PORT = 3199;
const POSTGRES_CLIENTS = 8;
const KAFKA_MESSAGES = 20_000;
const RELAY_BATCH = 500;

interface Options {
  readonly returns: number;
  readonly concurrency: number;
  readonly apiSeconds: number;
  readonly out: string;
  readonly profile: readonly ServiceName[];
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      returns: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '32' },
      'api-seconds': { type: 'string', default: '10' },
      out: { type: 'string' },
      profile: { type: 'string', multiple: true, default: [] },
    },
  });
  const whole = (name: string, raw: string, min: number, max: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
  const unknown = values.profile.filter((name) => !(SERVICE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`--profile takes a service (${SERVICE_NAMES.join(', ')}), got ${unknown.join(', ')}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    returns: whole('returns', values.returns, 10, 100_000),
    concurrency: whole('concurrency', values.concurrency, 1, 1000),
    apiSeconds: whole('api-seconds', values['api-seconds'], 1, 600),
    out: values.out ?? join(WORKSPACE_ROOT, `.rebound/bench/results-${stamp}.json`),
    profile: values.profile as ServiceName[],
  };
}

function say(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);
}

async function main(): Promise<void> {
  const settings = options(process.argv.slice(2));
  // The intake API runs need a token that outlives them: find out now, not after the lifecycle.
  await clientCredentials('rebound-storefront').token({ validForMs: apiTokenValidForMs(settings.apiSeconds) });
  const began = Date.now();
  const ground = await RunGround.prepare('bench');
  say(`topic namespace ${ground.namespace}, ${RUN_PARTITIONS} partitions per topic; logs in ${BENCH_LOG_DIR}`);
  let platform: Platform | undefined;
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    say('Ctrl-C: stopping and cleaning up');
    void (platform?.stop() ?? Promise.resolve()).then(() => ground.dispose()).finally(() => process.exit(130));
  });
  try {
    say(`ceiling 1/3: Postgres, event-hop transactions from ${POSTGRES_CLIENTS} connections for 10 s`);
    const postgres = await postgresHopCeiling(ground, POSTGRES_CLIENTS, 10_000);
    say(`ceiling 2/3: Kafka, ${KAFKA_MESSAGES} messages produced in batches of ${RELAY_BATCH}, then consumed`);
    const kafka = await kafkaCeiling(ground, KAFKA_MESSAGES, RELAY_BATCH);
    say(`ceiling 3/3: a trivial NestJS route, ${settings.concurrency} connections for ${settings.apiSeconds} s`);
    const nest = await nestHttpCeiling(BENCH_LOG_DIR, BARE_NEST_PORT, settings.concurrency, settings.apiSeconds);

    say('starting the platform');
    const bench = await createBenchPlatform(ground, BENCH_LOG_DIR, settings.profile, (line) => say(`  ${line}`));
    platform = bench.platform;
    await platform.start();
    const lifecycle = await runLifecycle(
      ground,
      bench,
      { returns: settings.returns, concurrency: settings.concurrency, timeoutMs: 8 * 60_000 },
      (line) => say(`lifecycle: ${line}`),
    );
    say(`intake API: POST /v1/returns, then GET /v1/returns/{id}, ${settings.apiSeconds} s each`);
    const api = await benchIntakeApi(platform, ground.tag, lifecycle.returnIds, {
      connections: settings.concurrency,
      durationS: settings.apiSeconds,
    });
    await platform.stop();
    platform = undefined;
    if (settings.profile.length > 0) say(`CPU profiles of ${settings.profile.join(', ')} in ${BENCH_PROFILE_DIR}`);

    const hopCommits = lifecycle.completedPerSecond * lifecycle.hopsPerReturn;
    const figures: Figure[] = [
      {
        name: 'Postgres: event-hop commits',
        value: postgres.commitsPerSecond,
        unit: 'tx/s',
        note: `${postgres.clients} connections, synchronous_commit=${postgres.synchronousCommit}`,
      },
      { name: 'Kafka: produce (acks=all, idempotent)', value: kafka.producedPerSecond, unit: 'msg/s' },
      { name: 'Kafka: consume', value: kafka.consumedPerSecond, unit: 'msg/s' },
      {
        name: 'NestJS: trivial GET',
        value: nest.requestsPerSecond,
        unit: 'req/s',
        note: `p50 ${nest.p50Ms} ms, p99 ${nest.p99Ms} ms`,
      },
      {
        name: 'lifecycle: completed returns',
        value: lifecycle.completedPerSecond,
        unit: 'returns/s',
        ceiling: {
          name: 'Postgres commits ÷ hops per return',
          value: postgres.commitsPerSecond / lifecycle.hopsPerReturn,
          unit: 'returns/s',
        },
        ratio: hopCommits / postgres.commitsPerSecond,
        note: `${lifecycle.hopsPerReturn.toFixed(1)} event hops per return = ${hopCommits.toFixed(0)} hop commits/s`,
      },
      {
        name: 'lifecycle: events published',
        value: lifecycle.eventsPerSecond,
        unit: 'events/s',
        ceiling: { name: 'Kafka produce', value: kafka.producedPerSecond, unit: 'msg/s' },
        ratio: lifecycle.eventsPerSecond / kafka.producedPerSecond,
      },
      { name: 'lifecycle: request → completed p50', value: lifecycle.requestToCompletedMs.p50, unit: 'ms' },
      { name: 'lifecycle: request → completed p95', value: lifecycle.requestToCompletedMs.p95, unit: 'ms' },
      { name: 'lifecycle: request → completed p99', value: lifecycle.requestToCompletedMs.p99, unit: 'ms' },
      {
        name: 'intake: POST /v1/returns',
        value: api.open.requestsPerSecond,
        unit: 'req/s',
        ceiling: { name: 'NestJS trivial GET', value: nest.requestsPerSecond, unit: 'req/s' },
        ratio: api.open.requestsPerSecond / nest.requestsPerSecond,
        note: `p50 ${api.open.p50Ms} ms, p99 ${api.open.p99Ms} ms, ${api.open.errors} errors`,
      },
      {
        name: 'intake: GET /v1/returns/{id}',
        value: api.read.requestsPerSecond,
        unit: 'req/s',
        ceiling: { name: 'NestJS trivial GET', value: nest.requestsPerSecond, unit: 'req/s' },
        ratio: api.read.requestsPerSecond / nest.requestsPerSecond,
        note: `p50 ${api.read.p50Ms} ms, p99 ${api.read.p99Ms} ms, ${api.read.errors} errors`,
      },
    ];
    const hops: Figure[] = lifecycle.hops.flatMap((hop) => [
      { name: `${hop.hop} p50`, value: hop.p50Ms, unit: 'ms', note: `${hop.count} events` },
      { name: `${hop.hop} p99`, value: hop.p99Ms, unit: 'ms' },
    ]);

    console.log(`\n${formatTable(figures)}\n`);
    for (const figure of figures.filter((candidate) => candidate.note)) console.log(`  ${figure.name}: ${figure.note}`);
    console.log(`\nper hop, from the event's ce_time to the consuming transaction:\n\n${formatTable(hops)}\n`);

    const result = {
      ranAt: new Date(began).toISOString(),
      tookSeconds: Math.round((Date.now() - began) / 1000),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      configuration: {
        returns: settings.returns,
        concurrency: settings.concurrency,
        partitions: RUN_PARTITIONS,
        producer: 'kafkajs, idempotent, acks=all, 1 request in flight',
        relay: { batchSize: RELAY_BATCH, pollIntervalMs: 1000, wakesOn: 'NOTIFY at commit' },
        consumer: { maxWaitTimeMs: 1000, partitionsConsumedConcurrently: 5, maxEventsPerTransaction: 100 },
        synchronousCommit: postgres.synchronousCommit,
        partnerSimulators: 'no delay, no failures',
        inspectorPollMs: 100,
      },
      ceilings: { postgres, kafka, nest },
      lifecycle: { ...lifecycle, returnIds: undefined },
      api,
      figures,
    };
    mkdirSync(dirname(settings.out), { recursive: true });
    writeFileSync(settings.out, `${JSON.stringify(result, null, 2)}\n`);
    say(`figures written to ${settings.out}; the run took ${result.tookSeconds} s`);
  } finally {
    if (!interrupted) {
      await platform?.stop();
      await ground.dispose();
    }
  }
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
