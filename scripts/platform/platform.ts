/**
 * The whole Rebound platform as separate local processes: the five services, a partner simulator
 * per 3PL partner, the demo auto-inspector and (when asked) a payment sandbox of its own. Used by
 * the bring-up (scripts/up) and by the end-to-end tests, which give it their own ports, database
 * schemas and Kafka topic namespace.
 */
import { ManagedProcess, ProcessSpec } from './managed-process';

export const SERVICE_NAMES = ['returns-intake', 'pickup-scheduling', 'warehouse-qc', 'inventory', 'refunds'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceSettings {
  readonly httpPort: number;
  /** returns-intake and inventory also serve gRPC. */
  readonly grpcPort?: number;
  /** The service's own variables besides its ports (DATABASE_SCHEMA, PARTNERS_SEED_FILE, ...). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface SimulatedPartner {
  readonly partnerId: string;
  /** The simulator's options besides `--partner` (see docs/partner-sim.md). */
  readonly args: readonly string[];
}

export interface InspectorSettings {
  readonly warehouses: readonly string[];
  readonly defaultGrade: string;
  readonly skuGrades: Readonly<Record<string, string>>;
}

export interface PlatformSettings {
  readonly logDir: string;
  /** Given to every process: KAFKA_BROKERS, KAFKA_TOPIC_NAMESPACE, LOG_LEVEL, database settings. */
  readonly env: Readonly<Record<string, string>>;
  readonly services: Readonly<Record<ServiceName, ServiceSettings>>;
  readonly partners: readonly SimulatedPartner[];
  readonly inspector: InspectorSettings;
  /** Start a payment sandbox on this port for refunds; without it refunds pays where PAYMENT_PROVIDER_URL says. */
  readonly paymentSandboxPort?: number;
  /** How long a process may take to become ready. */
  readonly startTimeoutMs?: number;
}

export interface ServiceEndpoint {
  readonly name: ServiceName;
  readonly httpUrl: string;
  readonly grpcAddress?: string;
}

const HOST = '127.0.0.1';

export class Platform {
  private constructor(
    readonly services: Readonly<Record<ServiceName, ServiceEndpoint>>,
    readonly paymentProviderUrl: string | undefined,
    private readonly processes: { readonly edge: ManagedProcess[]; readonly core: ManagedProcess[] },
    private readonly progress: (line: string) => void,
  ) {}

  /**
   * Starts everything and resolves once every service answers /health/ready and every simulator
   * and the inspector have started; on any failure stops what did start and rejects with the
   * failing process's last lines.
   */
  static async start(settings: PlatformSettings, progress: (line: string) => void): Promise<Platform> {
    const timeoutMs = settings.startTimeoutMs ?? 120_000;
    const core: ManagedProcess[] = [];
    const edge: ManagedProcess[] = [];
    const launch = (spec: ProcessSpec, into: ManagedProcess[]) => {
      const started = ManagedProcess.start({ ...spec, env: { ...settings.env, ...spec.env } }, settings.logDir);
      into.push(started);
      return started;
    };
    const services = Object.fromEntries(
      SERVICE_NAMES.map((name) => {
        const { httpPort, grpcPort } = settings.services[name];
        const endpoint: ServiceEndpoint = {
          name,
          httpUrl: `http://${HOST}:${httpPort}`,
          ...(grpcPort !== undefined && { grpcAddress: `${HOST}:${grpcPort}` }),
        };
        return [name, endpoint];
      }),
    ) as Record<ServiceName, ServiceEndpoint>;
    const paymentProviderUrl =
      settings.paymentSandboxPort === undefined
        ? settings.env['PAYMENT_PROVIDER_URL']
        : `http://${HOST}:${settings.paymentSandboxPort}`;
    const platform = new Platform(services, paymentProviderUrl, { edge, core }, progress);
    try {
      if (settings.paymentSandboxPort !== undefined) {
        const sandbox = launch(
          {
            name: 'payment-sandbox',
            entry: 'scripts/payment-sandbox/main.ts',
            env: { PAYMENT_SANDBOX_PORT: String(settings.paymentSandboxPort), HOST },
          },
          core,
        );
        await sandbox.waitForLine(/payment sandbox on/, timeoutMs);
        progress(`payment sandbox on ${paymentProviderUrl} (pid ${sandbox.pid})`);
      }
      const starting = SERVICE_NAMES.map((name) => {
        const own = settings.services[name];
        const started = Date.now();
        const child = launch(
          {
            name,
            entry: `services/${name}/src/main.ts`,
            env: {
              HOST,
              HTTP_PORT: String(own.httpPort),
              ...(own.grpcPort !== undefined && { GRPC_PORT: String(own.grpcPort) }),
              ...(name === 'refunds' && paymentProviderUrl && { PAYMENT_PROVIDER_URL: paymentProviderUrl }),
              ...own.env,
            },
          },
          core,
        );
        return child
          .waitFor('/health/ready answering 200', () => isReady(services[name].httpUrl), timeoutMs)
          .then(() =>
            progress(`${name} ready on ${services[name].httpUrl} (pid ${child.pid}, ${seconds(Date.now() - started)})`),
          );
      });
      await Promise.all(starting);
      const simulators = settings.partners.map((partner) =>
        launch(
          {
            name: `partner-sim-${partner.partnerId}`,
            entry: 'scripts/partner-sim/main.ts',
            args: ['--partner', partner.partnerId, ...partner.args],
          },
          edge,
        ),
      );
      const { inspector } = settings;
      const inspectorProcess = launch(
        {
          name: 'demo-inspector',
          entry: 'scripts/demo-inspector/main.ts',
          args: [
            '--url',
            services['warehouse-qc'].httpUrl,
            '--grade',
            inspector.defaultGrade,
            ...inspector.warehouses.flatMap((warehouse) => ['--warehouse', warehouse]),
            ...Object.entries(inspector.skuGrades).flatMap(([sku, grade]) => ['--sku-grade', `${sku}=${grade}`]),
          ],
        },
        edge,
      );
      await Promise.all([
        ...simulators.map(async (simulator, index) => {
          const line = await simulator.waitForLine(/ playing /, timeoutMs);
          progress(
            `partner simulator ${settings.partners[index].partnerId} (pid ${simulator.pid}):${line.split(' playing')[1]}`,
          );
        }),
        inspectorProcess
          .waitForLine(/ demo inspector /, timeoutMs)
          .then((line) => progress(`${line.slice(line.indexOf('demo inspector'))} (pid ${inspectorProcess.pid})`)),
      ]);
      return platform;
    } catch (error) {
      await platform.stop();
      throw error;
    }
  }

  /**
   * Stops the simulators and the inspector first (nothing new comes in), then the services, each
   * draining what it has in hand; resolves once every process has exited.
   */
  async stop(): Promise<void> {
    for (const group of [this.processes.edge, this.processes.core]) {
      await Promise.all(
        group.map(async (child) => {
          if (!child.running) return;
          const { code, killed } = await child.stop();
          // A drained Nest service ends by re-raising the SIGTERM it was sent; a simulator exits 0.
          this.progress(
            killed
              ? `${child.name} did not stop within the grace period and was killed (log: ${child.logFile})`
              : code
                ? `${child.name} exited with code ${code} while stopping (log: ${child.logFile})`
                : `${child.name} stopped`,
          );
        }),
      );
    }
  }

  /** The processes that ended on their own (a crash), for a watchdog. */
  exitedUnexpectedly(): ManagedProcess[] {
    return [...this.processes.edge, ...this.processes.core].filter((child) => !child.running);
  }
}

async function isReady(httpUrl: string): Promise<true | undefined> {
  try {
    const response = await fetch(`${httpUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200 ? true : undefined;
  } catch {
    return undefined;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
