/**
 * The whole Rebound platform as separate local processes: the six services, a partner simulator
 * per 3PL partner, the demo auto-inspector and (when asked) a payment sandbox of its own. Used by
 * the bring-up (scripts/up) and by the end-to-end tests, which give it their own ports, database
 * schemas and Kafka topic namespace. Once started, every process is supervised
 * (supervised-process.ts): one that exits is started again with back-off while the others run on.
 */
import { createServer } from 'node:net';
import { partnerKafkaUser, serviceKafkaUser } from '@rebound/kafka';
import { ServiceDefinition, allServices } from '@rebound/contracts';
import { ProcessSpec } from './managed-process';
import { ReadinessCheck, RestartPolicy, SupervisedProcess } from './supervised-process';

export const SERVICE_NAMES = [
  'returns-intake',
  'pickup-scheduling',
  'warehouse-qc',
  'inventory',
  'refunds',
  'notifications',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceSettings {
  readonly httpPort: number;
  /** returns-intake and inventory also serve gRPC. */
  readonly grpcPort?: number;
  /** The service's own variables besides its ports (DATABASE_SCHEMA, PARTNERS_SEED_FILE, ...). */
  readonly env?: Readonly<Record<string, string>>;
  /** Options for Node itself (the benchmark's `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
  /**
   * Further instances of the service on ports of their own, as Kubernetes runs replicas: the same
   * database schema, Kafka user and consumer group, so they share the group's partitions.
   */
  readonly replicas?: readonly ReplicaPorts[];
}

export interface ReplicaPorts {
  readonly httpPort: number;
  readonly grpcPort?: number;
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
  /** How often it polls the queues (the inspector's default, 500 ms, when omitted). */
  readonly pollIntervalMs?: number;
}

export interface PlatformSettings {
  readonly logDir: string;
  /** Given to every process: KAFKA_BROKERS, KAFKA_TOPIC_NAMESPACE, LOG_LEVEL, database settings. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * The variables that make a process connect to Kafka as `user` (KAFKA_SASL_MECHANISM, KAFKA_USERNAME,
   * KAFKA_PASSWORD): each service runs as its own user, each partner simulator as its partner's —
   * the users of the access catalogue in `env.KAFKA_TOPIC_NAMESPACE`.
   */
  readonly kafkaCredentials: (user: string) => Readonly<Record<string, string>>;
  readonly services: Readonly<Record<ServiceName, ServiceSettings>>;
  readonly partners: readonly SimulatedPartner[];
  readonly inspector: InspectorSettings;
  /** Start a payment sandbox on this port for refunds; without it refunds pays where PAYMENT_PROVIDER_URL says. */
  readonly paymentSandboxPort?: number;
  /**
   * The schema that sandbox keeps its refunds and charges in, in the database of `env.DATABASE_URL`
   * (the sandbox's default, payment_sandbox, when omitted).
   */
  readonly paymentSandboxSchema?: string;
  /**
   * Run the services as their `build` targets wrote them (plain Node, no TypeScript loader, as the
   * images run them) instead of from their sources; the caller builds them first (`builtServiceEntry`).
   */
  readonly servicesBuilt?: boolean;
  /** How long the whole start may take (default 3 minutes). */
  readonly startTimeoutMs?: number;
  /** How a process that exits is restarted (supervised-process.ts's default when omitted). */
  readonly restartPolicy?: RestartPolicy;
}

export interface ServiceEndpoint {
  readonly name: ServiceName;
  readonly httpUrl: string;
  readonly grpcAddress?: string;
  /** Every instance's URL, `httpUrl` first, then its replicas'. */
  readonly httpUrls: readonly string[];
}

const HOST = '127.0.0.1';

/** The platform's processes, stopped in this order: nothing new comes in, the services drain, then what they call. */
type Group = 'edge' | 'services' | 'provider';

export class Platform {
  readonly services: Readonly<Record<ServiceName, ServiceEndpoint>>;
  /** Where refunds pays: this platform's sandbox, or PAYMENT_PROVIDER_URL, or refunds' default. */
  readonly paymentProviderUrl: string | undefined;
  private readonly processes: Record<Group, SupervisedProcess[]> = { edge: [], services: [], provider: [] };
  private stopping = false;
  private stopped: Promise<void> | undefined;

  /**
   * Starts nothing yet: `start()` does, and `stop()` may be called at any moment, during `start()` too.
   * `progress` hears of each process started and stopped, `incidents` of each exit, restart and
   * return to service after the start.
   */
  constructor(
    private readonly settings: PlatformSettings,
    private readonly progress: (line: string) => void,
    private readonly incidents: (line: string) => void = progress,
  ) {
    this.services = Object.fromEntries(
      SERVICE_NAMES.map((name) => {
        const { httpPort, grpcPort, replicas = [] } = settings.services[name];
        const endpoint: ServiceEndpoint = {
          name,
          httpUrl: `http://${HOST}:${httpPort}`,
          ...(grpcPort !== undefined && { grpcAddress: `${HOST}:${grpcPort}` }),
          httpUrls: [httpPort, ...replicas.map((replica) => replica.httpPort)].map((port) => `http://${HOST}:${port}`),
        };
        return [name, endpoint];
      }),
    ) as Record<ServiceName, ServiceEndpoint>;
    this.paymentProviderUrl =
      settings.paymentSandboxPort === undefined
        ? settings.env['PAYMENT_PROVIDER_URL']
        : `http://${HOST}:${settings.paymentSandboxPort}`;
  }

  /**
   * Starts everything and resolves once every service answers /health/ready and every simulator
   * and the inspector have started, all within `startTimeoutMs`; on any failure stops what did start
   * and rejects with the failing process's last lines. A port already taken is reported before
   * anything starts. From its first readiness on, a process that exits is restarted.
   */
  async start(): Promise<void> {
    const { settings, progress, services, paymentProviderUrl } = this;
    const deadline = Date.now() + (settings.startTimeoutMs ?? 180_000);
    const namespace = settings.env['KAFKA_TOPIC_NAMESPACE'] || undefined;
    const left = () => Math.max(1, deadline - Date.now());
    await assertPortsFree([
      ...SERVICE_NAMES.flatMap((name) => instancesOf(settings.services[name])).flatMap((ports) => [
        ports.httpPort,
        ports.grpcPort,
      ]),
      settings.paymentSandboxPort,
    ]);
    try {
      if (settings.paymentSandboxPort !== undefined) {
        const sandbox = this.launch(
          'provider',
          {
            name: 'payment-sandbox',
            entry: 'scripts/payment-sandbox/main.ts',
            env: {
              PAYMENT_SANDBOX_PORT: String(settings.paymentSandboxPort),
              HOST,
              ...(settings.env['DATABASE_URL'] && { SANDBOX_DATABASE_URL: settings.env['DATABASE_URL'] }),
              ...(settings.paymentSandboxSchema && { SANDBOX_DATABASE_SCHEMA: settings.paymentSandboxSchema }),
            },
          },
          lineReadiness(/payment sandbox on/),
        );
        await sandbox.start(left());
        progress(`payment sandbox on ${paymentProviderUrl} (pid ${sandbox.pid})`);
      }
      await Promise.all(
        SERVICE_NAMES.flatMap((name) =>
          instancesOf(settings.services[name]).map(async (ports, index) => {
            const own = settings.services[name];
            const instance = index === 0 ? name : `${name}-${index + 1}`;
            const httpUrl = `http://${HOST}:${ports.httpPort}`;
            const started = Date.now();
            const service = this.launch(
              'services',
              {
                name: instance,
                entry: settings.servicesBuilt ? builtServiceEntry(name) : `services/${name}/src/main.ts`,
                nodeArgs: own.nodeArgs,
                env: {
                  ...settings.kafkaCredentials(serviceKafkaUser(serviceNamed(name), namespace)),
                  HOST,
                  HTTP_PORT: String(ports.httpPort),
                  ...(ports.grpcPort !== undefined && { GRPC_PORT: String(ports.grpcPort) }),
                  ...(name === 'refunds' && paymentProviderUrl && { PAYMENT_PROVIDER_URL: paymentProviderUrl }),
                  ...own.env,
                },
              },
              healthReadiness(httpUrl),
            );
            await service.start(left());
            progress(`${instance} ready on ${httpUrl} (pid ${service.pid}, ${seconds(Date.now() - started)})`);
          }),
        ),
      );
      const simulators = settings.partners.map((partner) =>
        this.launch(
          'edge',
          {
            name: `partner-sim-${partner.partnerId}`,
            entry: 'scripts/partner-sim/main.ts',
            // After a restart it resumes, from pickup-scheduling, the plans of the pickups it had in hand.
            args: [
              '--partner',
              partner.partnerId,
              ...partner.args,
              '--resume-from',
              services['pickup-scheduling'].httpUrl,
            ],
            env: settings.kafkaCredentials(partnerKafkaUser(partner.partnerId, namespace)),
          },
          lineReadiness(/ playing /),
        ),
      );
      const { inspector } = settings;
      const inspectorProcess = this.launch(
        'edge',
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
            ...(inspector.pollIntervalMs === undefined ? [] : ['--interval', String(inspector.pollIntervalMs)]),
          ],
        },
        lineReadiness(/ demo inspector /),
      );
      await Promise.all([
        ...simulators.map(async (simulator, index) => {
          const line = await simulator.start(left());
          progress(
            `partner simulator ${settings.partners[index].partnerId} (pid ${simulator.pid}):${line?.split(' playing')[1]}`,
          );
        }),
        inspectorProcess
          .start(left())
          .then((line) => progress(`${line?.slice(line.indexOf('demo inspector'))} (pid ${inspectorProcess.pid})`)),
      ]);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Every process, by the name its log file has (`refunds`, `returns-intake-2`, `partner-sim-kiezkurier` …). */
  process(name: string): SupervisedProcess {
    const found = this.all().find((candidate) => candidate.name === name);
    if (!found) {
      throw new Error(
        `the platform has no process "${name}"; it has ${this.all()
          .map((child) => child.name)
          .join(', ')}`,
      );
    }
    return found;
  }

  /** Every process launched so far. */
  all(): readonly SupervisedProcess[] {
    return Object.values(this.processes).flat();
  }

  /**
   * Stops the simulators and the inspector first (nothing new comes in), then the services, each
   * draining what it has in hand, then the payment sandbox they call; resolves once every process
   * has exited. No process is restarted from then on, and processes `start()` would launch
   * afterwards are not launched. Calling it again waits for the same stop.
   */
  stop(): Promise<void> {
    this.stopping = true;
    this.stopped ??= this.stopInOrder();
    return this.stopped;
  }

  private async stopInOrder(): Promise<void> {
    for (const group of [this.processes.edge, this.processes.services, this.processes.provider]) {
      await Promise.all(
        group.map(async (child) => {
          const end = await child.stop();
          if (!end) return;
          this.progress(
            end.killed
              ? `${child.name} did not stop within the grace period and was killed (log: ${child.logFile})`
              : end.code
                ? `${child.name} exited with code ${end.code} while stopping (log: ${child.logFile})`
                : `${child.name} stopped`,
          );
        }),
      );
    }
  }

  /** Every process at once, restarting none, for a second Ctrl-C. */
  kill(): void {
    this.stopping = true;
    for (const child of this.all()) child.killNow();
  }

  private launch(group: Group, spec: ProcessSpec, readiness: ReadinessCheck): SupervisedProcess {
    if (this.stopping) throw new Error('the platform is stopping');
    const child = new SupervisedProcess(
      { ...spec, env: { ...this.settings.env, ...spec.env } },
      this.settings.logDir,
      readiness,
      this.incidents,
      this.settings.restartPolicy,
    );
    this.processes[group].push(child);
    return child;
  }
}

/** Ready once it answers /health/ready with 200. */
function healthReadiness(httpUrl: string): ReadinessCheck {
  return async (child, timeoutMs) => {
    await child.waitFor('/health/ready answering 200', () => isReady(httpUrl), timeoutMs);
  };
}

/** Ready once it writes a line matching `pattern`; says that line. */
function lineReadiness(pattern: RegExp): ReadinessCheck {
  return (child, timeoutMs) => child.waitForLine(pattern, timeoutMs);
}

/** The ports of the service's first instance, then of its replicas. */
function instancesOf(settings: ServiceSettings): readonly ReplicaPorts[] {
  return [{ httpPort: settings.httpPort, grpcPort: settings.grpcPort }, ...(settings.replicas ?? [])];
}

export function serviceNamed(name: ServiceName): ServiceDefinition {
  const service = allServices().find((candidate) => candidate.name === name);
  if (!service) throw new Error(`${name} is not a service of the catalogue`);
  return service;
}

/** Where a service's `build` target (`npx nx run <service>:build`) writes its main program. */
export function builtServiceEntry(name: ServiceName): string {
  return `dist/services/${name}/services/${name}/src/main.js`;
}

/** Fails naming every port something already listens on (an earlier run, a service started by hand). */
async function assertPortsFree(ports: readonly (number | undefined)[]): Promise<void> {
  const taken: number[] = [];
  for (const port of ports) {
    if (port === undefined || port === 0) continue;
    const free = await new Promise<boolean>((answer) => {
      const probe = createServer();
      probe.once('error', () => answer(false));
      probe.listen(port, HOST, () => probe.close(() => answer(true)));
    });
    if (!free) taken.push(port);
  }
  if (taken.length > 0) {
    throw new Error(
      `port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} ${taken.length > 1 ? 'are' : 'is'} taken on ${HOST} — ` +
        'an earlier run still up, or a service started by hand? Stop it and try again.',
    );
  }
}

/** Whether the service at `httpUrl` answers /health/ready with 200 within 2 s; undefined when not. */
export async function isReady(httpUrl: string): Promise<true | undefined> {
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
