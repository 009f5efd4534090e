/**
 * The benchmark (see docs/performance.md): this machine's ceilings, then the lifecycle (its maximum
 * in a closed loop, its latency at half that in an open loop) and the intake API on the whole
 * platform, each figure next to its ceiling or target, with each process's CPU and memory. Prints
 * tables and writes the same figures as JSON; exits non-zero when a return did not complete exactly
 * once or an event was applied twice. Needs the local stack (`scripts/stack up`); starts and stops
 * everything else itself, under a topic namespace and database schemas it removes at the end.
 *   npx nx run scripts:bench [--returns 2000] [--concurrency 32] [--api-seconds 10] [--out file.json]
 *                            [--open-rate <returns/s>] [--open-seconds 60 | --open-returns <n>]
 *                            [--replicas <service>=<n> ...]
 *                            [--profile <service> ...]   (CPU profiles in .rebound/bench/profiles)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { clientCredentials } from '../platform/client-credentials';
import { SERVICE_NAMES, type Platform } from '../platform/platform';
import { kafkaCeiling, nestHttpCeiling, postgresHopCeiling } from './ceilings';
import { RUN_PARTITIONS, RunGround } from '../platform/run-ground';
import { describeCorrectness } from './correctness';
import { apiTokenValidForMs, benchIntakeApi } from './intake-api';
import { BENCH_LOG_DIR, BENCH_PROFILE_DIR, LifecycleRun, PhaseFigures, createBenchPlatform } from './lifecycle';
import { openLoopSize } from './open-loop';
import { benchOptions } from './options';
import { formatResourceTable } from './resources';
import { Figure, formatTable } from './stats';

const BARE_NEST_PORT = 3199;
const POSTGRES_CLIENTS = 8;
const KAFKA_MESSAGES = 20_000;
const RELAY_BATCH = 500;
/** How long a phase's returns may take to complete after its last was opened. */
const PHASE_TIMEOUT_MS = 8 * 60_000;

/** What the platform should do below saturation (issue 23): the open loop's figures are set against these. */
const TARGETS = { requestToCompletedP99Ms: 2_000, hopP99Ms: 100, residentMB: 250 } as const;

function say(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);
}

async function main(): Promise<void> {
  const settings = benchOptions(process.argv.slice(2));
  // The intake API runs need a token that outlives them: find out now, not after the lifecycle.
  await clientCredentials('rebound-storefront').token({ validForMs: apiTokenValidForMs(settings.apiSeconds) });
  const began = Date.now();
  const ground = await RunGround.prepare('bench');
  say(`topic namespace ${ground.namespace}, ${RUN_PARTITIONS} partitions per topic; logs in ${BENCH_LOG_DIR}`);
  let platform: Platform | undefined;
  let lifecycleRun: LifecycleRun | undefined;
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    say('Ctrl-C: stopping and cleaning up');
    void (lifecycleRun?.abandon() ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => platform?.stop())
      .then(() => ground.dispose())
      .finally(() => process.exit(130));
  });
  try {
    say(`ceiling 1/3: Postgres, event-hop transactions from ${POSTGRES_CLIENTS} connections for 10 s`);
    const postgres = await postgresHopCeiling(ground, POSTGRES_CLIENTS, 10_000);
    say(`ceiling 2/3: Kafka, ${KAFKA_MESSAGES} messages produced in batches of ${RELAY_BATCH}, then consumed`);
    const kafka = await kafkaCeiling(ground, KAFKA_MESSAGES, RELAY_BATCH);
    say(`ceiling 3/3: a trivial NestJS route, ${settings.concurrency} connections for ${settings.apiSeconds} s`);
    const nest = await nestHttpCeiling(BENCH_LOG_DIR, BARE_NEST_PORT, settings.concurrency, settings.apiSeconds);

    const replicated = Object.entries(settings.instances).filter(([, count]) => count > 1);
    say(
      `starting the platform${replicated.length > 0 ? ` (${replicated.map(([name, count]) => `${name} ×${count}`).join(', ')})` : ''}`,
    );
    const bench = await createBenchPlatform(
      ground,
      BENCH_LOG_DIR,
      { profiled: settings.profile, instances: settings.instances },
      (line) => say(`  ${line}`),
    );
    platform = bench.platform;
    await platform.start();
    lifecycleRun = await LifecycleRun.begin(ground, bench, say);
    const closed = await lifecycleRun.closedLoop({
      returns: settings.returns,
      concurrency: settings.concurrency,
      timeoutMs: PHASE_TIMEOUT_MS,
    });
    const openRate = settings.openRate ?? closed.completedPerSecond / 2;
    const openReturns = openLoopSize(openRate, { returns: settings.openReturns, seconds: settings.openSeconds });
    await lifecycleRun.openLoop({
      ratePerSecond: openRate,
      returns: openReturns,
      concurrency: settings.concurrency,
      timeoutMs: PHASE_TIMEOUT_MS,
    });
    const lifecycle = await lifecycleRun.finish();
    lifecycleRun = undefined;
    say(`intake API: POST /v1/returns, then GET /v1/returns/{id}, ${settings.apiSeconds} s each`);
    const api = await benchIntakeApi(platform, ground.tag, lifecycle.returnIds, {
      connections: settings.concurrency,
      durationS: settings.apiSeconds,
    });
    await platform.stop();
    platform = undefined;
    if (settings.profile.length > 0) say(`CPU profiles of ${settings.profile.join(', ')} in ${BENCH_PROFILE_DIR}`);

    const { closed: closedFigures, open } = lifecycle;
    const hopCommits = closedFigures.completedPerSecond * closedFigures.hopsPerReturn;
    const target = (value: number, unit: string) => ({ name: 'target', value, unit });
    const worstHop = [...open.hops].sort((a, b) => b.p99Ms - a.p99Ms)[0];
    // The target is the services' (and their replicas'): the simulators, inspector and sandbox stand in for others.
    const services = open.resources.filter((usage) =>
      SERVICE_NAMES.some((name) => usage.process === name || usage.process.startsWith(`${name}-`)),
    );
    const largest = [...services].sort((a, b) => b.rssMaxMB - a.rssMaxMB)[0];
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
        name: 'closed loop: completed returns',
        value: closedFigures.completedPerSecond,
        unit: 'returns/s',
        ceiling: {
          name: 'Postgres commits ÷ hops per return',
          value: postgres.commitsPerSecond / closedFigures.hopsPerReturn,
          unit: 'returns/s',
        },
        ratio: hopCommits / postgres.commitsPerSecond,
        note:
          `${closedFigures.returns} returns, ${settings.concurrency} at a time; ` +
          `${closedFigures.hopsPerReturn.toFixed(1)} event hops per return = ${hopCommits.toFixed(0)} hop commits/s`,
      },
      {
        name: 'closed loop: events published',
        value: closedFigures.eventsPerSecond,
        unit: 'events/s',
        ceiling: { name: 'Kafka produce', value: kafka.producedPerSecond, unit: 'msg/s' },
        ratio: closedFigures.eventsPerSecond / kafka.producedPerSecond,
      },
      ...latencyFigures('closed loop', closedFigures),
      {
        name: 'open loop: completed returns',
        value: open.achievedPerSecond,
        unit: 'returns/s',
        ceiling: { name: 'offered', value: open.offeredPerSecond, unit: 'returns/s' },
        ratio: open.achievedPerSecond / open.offeredPerSecond,
        note:
          `${open.returns} returns offered at ${open.offeredPerSecond.toFixed(2)}/s ` +
          `(${settings.openRate === undefined ? 'half the closed loop' : '--open-rate'}): ` +
          `${open.keptUp ? 'kept up' : 'FELL BEHIND'}; POST due → answered p50 ${open.postMs.p50} ms, p99 ${open.postMs.p99} ms`,
      },
      ...latencyFigures('open loop', open, target(TARGETS.requestToCompletedP99Ms, 'ms')),
      ...(worstHop
        ? [
            {
              name: 'open loop: slowest hop p99',
              value: worstHop.p99Ms,
              unit: 'ms',
              ceiling: target(TARGETS.hopP99Ms, 'ms'),
              ratio: worstHop.p99Ms / TARGETS.hopP99Ms,
              note: worstHop.hop,
            },
          ]
        : []),
      ...(largest
        ? [
            {
              name: 'open loop: largest service resident set',
              value: largest.rssMaxMB,
              unit: 'MB',
              ceiling: target(TARGETS.residentMB, 'MB'),
              ratio: largest.rssMaxMB / TARGETS.residentMB,
              note: largest.process,
            },
          ]
        : []),
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

    console.log(`\n${formatTable(figures)}\n`);
    for (const figure of figures.filter((candidate) => candidate.note)) console.log(`  ${figure.name}: ${figure.note}`);
    console.log(
      `\nper hop in the closed loop, from the event's ce_time to the consuming transaction:\n\n${formatTable(hopTable(closedFigures))}\n`,
    );
    console.log(
      `per hop in the open loop (${open.offeredPerSecond.toFixed(2)} returns/s):\n\n${formatTable(hopTable(open, TARGETS.hopP99Ms))}\n`,
    );
    console.log(
      `CPU (% of one core) and resident memory of each process, per phase:\n\n${formatResourceTable([
        { name: 'closed', usage: closedFigures.resources },
        { name: 'open', usage: open.resources },
      ])}\n`,
    );
    const correct = describeCorrectness(lifecycle.correctness);
    console.log(`correctness: ${correct}\n`);

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
        openLoop: {
          ratePerSecond: open.offeredPerSecond,
          returns: open.returns,
          rateGiven: settings.openRate !== undefined,
        },
        instances: settings.instances,
        partitions: RUN_PARTITIONS,
        producer: 'kafkajs, idempotent, acks=all, 1 request in flight',
        relay: { batchSize: RELAY_BATCH, pollIntervalMs: 1000, wakesOn: 'NOTIFY at commit' },
        consumer: { maxWaitTimeMs: 1000, partitionsConsumedConcurrently: 5, maxEventsPerTransaction: 100 },
        synchronousCommit: postgres.synchronousCommit,
        partnerSimulators: 'no delay, no failures',
        inspectorPollMs: 100,
      },
      targets: TARGETS,
      ceilings: { postgres, kafka, nest },
      lifecycle: { ...lifecycle, returnIds: undefined },
      api,
      figures,
    };
    mkdirSync(dirname(settings.out), { recursive: true });
    writeFileSync(settings.out, `${JSON.stringify(result, null, 2)}\n`);
    say(`figures written to ${settings.out}; the run took ${result.tookSeconds} s`);
    if (!lifecycle.correctness.holds) throw new Error(`the run was not correct: ${correct}`);
  } finally {
    if (!interrupted) {
      await lifecycleRun?.abandon().catch(() => undefined);
      await platform?.stop();
      await ground.dispose();
    }
  }
}

/** A phase's request → completed percentiles; the p99 set against `p99Target` when given. */
function latencyFigures(phase: string, figures: PhaseFigures, p99Target?: Figure['ceiling']): Figure[] {
  const { p50, p95, p99 } = figures.requestToCompletedMs;
  return [
    { name: `${phase}: request → completed p50`, value: p50, unit: 'ms' },
    { name: `${phase}: request → completed p95`, value: p95, unit: 'ms' },
    {
      name: `${phase}: request → completed p99`,
      value: p99,
      unit: 'ms',
      ...(p99Target && { ceiling: p99Target, ratio: p99 / p99Target.value }),
    },
  ];
}

/** Each hop's p50 and p99 (set against `p99TargetMs` when given). */
function hopTable(figures: PhaseFigures, p99TargetMs?: number): Figure[] {
  return figures.hops.flatMap((hop) => [
    { name: `${hop.hop} p50`, value: hop.p50Ms, unit: 'ms', note: `${hop.count} events` },
    {
      name: `${hop.hop} p99`,
      value: hop.p99Ms,
      unit: 'ms',
      ...(p99TargetMs !== undefined && {
        ceiling: { name: 'target', value: p99TargetMs, unit: 'ms' },
        ratio: hop.p99Ms / p99TargetMs,
      }),
    },
  ]);
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
