/**
 * What the images run, run here: the `build` targets' output started with plain `node` — no
 * TypeScript loader — against the real Kafka and Postgres, in a schema and topic namespace of its own.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort, waitUntil, type ServiceGround, prepareNamespacedGround } from '@rebound/testing';
import { SERVICE_NAMES, builtServiceEntry } from '../platform/platform';

jest.setTimeout(180_000);

const WORKSPACE_ROOT = resolve(__dirname, '../..');
const TOOLS = 'dist/scripts';
const KAFKA_BROKERS = process.env['KAFKA_BROKERS'] || '127.0.0.1:9092';
/** The broker and the tests' own Kafka user (jest's set-up puts it in the environment). */
const KAFKA = Object.fromEntries(
  ['KAFKA_SASL_MECHANISM', 'KAFKA_USERNAME', 'KAFKA_PASSWORD'].map((name) => [name, process.env[name] ?? '']),
);

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A built program's process; its output is kept for the assertion messages. */
class BuiltProgram {
  readonly output: string[] = [];
  readonly exited: Promise<Exit>;
  /** Set once the process has ended. */
  exit?: Exit;
  private readonly child: ChildProcess;

  constructor(file: string, env: Record<string, string>, args: string[] = []) {
    // Only the environment given: no NODE_OPTIONS or SWC_NODE_PROJECT leaking in from the test run.
    this.child = spawn(process.execPath, [file, ...args], {
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => this.output.push(chunk.toString());
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = new Promise((done) =>
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        done(this.exit);
      }),
    );
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async ensureStopped(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

async function httpStatus(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

describe('the build output, run with plain node', () => {
  const grounds: ServiceGround[] = [];
  const started: BuiltProgram[] = [];
  const run = (file: string, env: Record<string, string>, args: string[] = []) => {
    const program = new BuiltProgram(file, env, args);
    started.push(program);
    return program;
  };

  beforeAll(() => {
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...SERVICE_NAMES, 'scripts', '--outputStyle=stream'], {
      cwd: WORKSPACE_ROOT,
      stdio: 'pipe',
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(started.map((program) => program.ensureStopped()));
    await Promise.all(grounds.map((ground) => ground.dispose()));
  }, 60_000);

  it.each(SERVICE_NAMES)(
    'migrates %s with the migrate CLI of the tools build, serves it ready, and drains it on SIGTERM',
    async (service) => {
      const ground = await prepareNamespacedGround(`built-${service}`);
      grounds.push(ground);
      const env = { ...ground.env, KAFKA_BROKERS, ...KAFKA };
      const migrate = run(`${TOOLS}/libs/persistence/src/cli/migrate.js`, env, [
        `${TOOLS}/services/${service}/src/persistence/data-source.js`,
      ]);
      expect(await migrate.exited).toEqual({ code: 0, signal: null });

      const port = await freePort();
      const program = run(builtServiceEntry(service), {
        ...env,
        MIGRATE_ON_START: 'false',
        HTTP_PORT: String(port),
        // Read by the two services that serve gRPC, ignored by the others.
        GRPC_PORT: String(await freePort()),
      });
      await waitUntil(
        `the built ${service} to answer /health/ready with 200`,
        async () => {
          if (program.exit)
            throw new Error(`${service} exited ${JSON.stringify(program.exit)}:\n${program.output.join('')}`);
          return (await httpStatus(`http://127.0.0.1:${port}/health/ready`)) === 200;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      expect(await httpStatus(`http://127.0.0.1:${port}/docs-json`)).toBe(200);

      program.kill('SIGTERM');
      // A drained service exits 0.
      expect(await program.exited).toEqual({ code: 0, signal: null });
    },
  );

  it('runs the tools: topic creation and the payment sandbox', async () => {
    const ground = await prepareNamespacedGround('built-tools');
    grounds.push(ground);
    const topics = run(`${TOOLS}/scripts/tools/create-topics.js`, {
      KAFKA_BROKERS,
      ...KAFKA,
      KAFKA_TOPIC_NAMESPACE: ground.namespace,
    });
    expect(await topics.exited).toEqual({ code: 0, signal: null });
    expect(topics.output.join('')).toContain('returns.return.v1 exists');

    const port = await freePort();
    run(`${TOOLS}/scripts/payment-sandbox/main.js`, {
      PAYMENT_SANDBOX_PORT: String(port),
      HOST: '127.0.0.1',
      SANDBOX_DATABASE_URL: ground.schema.url,
      SANDBOX_DATABASE_SCHEMA: ground.schema.name,
    });
    await waitUntil(
      'the built payment sandbox to answer',
      async () => (await httpStatus(`http://127.0.0.1:${port}/v1/refunds?paymentReference=none`)) === 200,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  });
});
