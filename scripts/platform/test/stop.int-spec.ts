/**
 * Stopping the bring-up the way supervisors, IDEs and `nohup` users do: SIGINT or SIGTERM sent to
 * scripts/up's own pid (not to the terminal's process group) stops every process it started, within
 * a bound, and frees every port. It runs `scripts/up --platform-only` on the running stack — the
 * shared broker, database and sandbox are left alone — in schemas, topics and ports of its own.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { kafkaConnection, KafkaJsBroker } from '@rebound/kafka';
import { Services, allServices } from '@rebound/contracts';
import { createLogger } from '@rebound/observability';
import {
  TestSchema,
  createNamespacedCatalogue,
  deleteNamespacedTopics,
  testDatabaseUrl,
  testNamespace,
  uniqueName,
  waitUntil,
} from '@rebound/testing';
import { WORKSPACE_ROOT } from '../managed-process';

// Each run starts the whole platform (up to 3 minutes on a loaded 2-core machine) and stops it.
jest.setTimeout(600_000);

/** The services, three partner simulators and the inspector must all be gone by then. */
const STOP_BOUND_MS = 60_000;
const HOST = '127.0.0.1';

const namespace = testNamespace('stop');
const broker = new KafkaJsBroker({
  connection: kafkaConnection(),
  clientId: 'rebound-stop-test',
  logger: createLogger({ service: 'stop-test', level: 'silent' }),
  namespace,
});
const schemaPrefix = `${uniqueName('it_stop')}_`;
const schemas: TestSchema[] = [];
const portOffset = 10_000 + Math.floor(Math.random() * 5_000);
const ports = [3001, 3002, 3003, 3004, 3005, 50051, 50054].map((port) => port + portOffset);

beforeAll(async () => {
  await createNamespacedCatalogue(broker);
  for (const service of Object.values(Services))
    schemas.push(await TestSchema.createNamed(`${schemaPrefix}${service.schema}`));
});

afterAll(async () => {
  for (const schema of schemas) await schema.drop();
  await deleteNamespacedTopics(broker).catch(() => undefined);
});

interface Bringup {
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startBringup(): Bringup {
  // Started with SIGINT ignored, as a background job of a non-interactive shell is (`nohup scripts/up &`
  // in a script); the ignored disposition survives the exec, and scripts/up must stop on it anyway.
  const child = spawn(
    'bash',
    ['-c', 'trap "" INT; exec "$0" "$@"', join(WORKSPACE_ROOT, 'scripts/up'), '--platform-only'],
    {
      cwd: WORKSPACE_ROOT,
      env: {
        ...process.env,
        REBOUND_PORT_OFFSET: String(portOffset),
        DATABASE_SCHEMA_PREFIX: schemaPrefix,
        DATABASE_URL: testDatabaseUrl(),
        KAFKA_TOPIC_NAMESPACE: namespace,
        REBOUND_PLATFORM_LOG_DIR: join(WORKSPACE_ROOT, '.rebound/e2e', namespace),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A session of its own, as under a supervisor: no signal meant for the test reaches it.
      detached: true,
    },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, output, exited };
}

/** Every process below `root`, from /proc: each one's parent is the fourth field of its stat line. */
function descendants(root: number): { pid: number; command: string }[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // ended while we looked
    }
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const child of parents.get(pid) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found.map((pid) => ({ pid, command: commandOf(pid) }));
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const probe = createServer();
    probe.once('error', () => answer(false));
    probe.listen(port, HOST, () => probe.close(() => answer(true)));
  });
}

async function stopsEverything(signal: 'SIGINT' | 'SIGTERM'): Promise<void> {
  const bringup = startBringup();
  try {
    await waitUntil(
      'the platform to be up',
      () => bringup.output.some((line) => line.includes('▶ seeded at start-up')) || bringup.child.exitCode !== null,
      { timeoutMs: 240_000, intervalMs: 500 },
    );
    if (bringup.child.exitCode !== null) {
      throw new Error(`scripts/up ended before the platform was up:\n${bringup.output.slice(-30).join('\n')}`);
    }
    const started = descendants(bringup.child.pid ?? 0);
    // main.ts, every service, three partner simulators and the inspector.
    expect(started.filter(({ command }) => /\/main\.ts\b/.test(command)).length).toBe(allServices().length + 5);

    const sent = Date.now();
    process.kill(bringup.child.pid ?? 0, signal);
    const end = await Promise.race([
      bringup.exited,
      new Promise<undefined>((done) => setTimeout(() => done(undefined), STOP_BOUND_MS)),
    ]);
    const still = started.filter(({ pid }) => alive(pid));
    const taken: number[] = [];
    for (const port of ports) if (!(await portFree(port))) taken.push(port);

    expect({ exited: end !== undefined, code: end?.code, still, taken }).toEqual({
      exited: true,
      code: 0,
      still: [],
      taken: [],
    });
    expect(Date.now() - sent).toBeLessThan(STOP_BOUND_MS);
    expect(bringup.output.join('\n')).toContain('stopping the platform');
    // Each drained and exited 0 by itself: none had to be killed after the grace period.
    expect(bringup.output.filter((line) => /did not stop|exited with code/.test(line))).toEqual([]);
    expect(bringup.output.filter((line) => / stopped$/.test(line))).toHaveLength(allServices().length + 4);
  } finally {
    if (bringup.child.exitCode === null) {
      for (const { pid } of descendants(bringup.child.pid ?? 0)) process.kill(pid, 'SIGKILL');
      bringup.child.kill('SIGKILL');
    }
  }
}

describe('stopping scripts/up by a signal to its pid', () => {
  it('SIGINT stops every process it started and frees every port', async () => {
    await stopsEverything('SIGINT');
  });

  it('SIGTERM stops every process it started and frees every port', async () => {
    await stopsEverything('SIGTERM');
  });
});
