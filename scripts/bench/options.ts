/** The benchmark's command line (see docs/performance.md), each bad value named with what it takes. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WORKSPACE_ROOT } from '../platform/managed-process';
import { RUN_PARTITIONS } from '../platform/run-ground';
import { SERVICE_NAMES, type ServiceName } from '../platform/platform';

export interface BenchOptions {
  readonly returns: number;
  readonly concurrency: number;
  readonly apiSeconds: number;
  /** The open loop's rate; half the closed loop's completed returns/s when not given. */
  readonly openRate?: number;
  readonly openSeconds: number;
  /** How many returns the open loop opens; as many as `openSeconds` hold at its rate when not given. */
  readonly openReturns?: number;
  /** Processes per service (1 unless named). */
  readonly instances: Readonly<Partial<Record<ServiceName, number>>>;
  readonly out: string;
  readonly profile: readonly ServiceName[];
}

export function benchOptions(argv: readonly string[], now = new Date()): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      returns: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '32' },
      'api-seconds': { type: 'string', default: '10' },
      'open-rate': { type: 'string' },
      'open-seconds': { type: 'string', default: '60' },
      'open-returns': { type: 'string' },
      replicas: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      profile: { type: 'string', multiple: true, default: [] },
    },
  });
  const unknown = values.profile.filter((name) => !isService(name));
  if (unknown.length > 0)
    throw new Error(`--profile takes a service (${SERVICE_NAMES.join(', ')}), got ${unknown.join(', ')}`);
  const openRate = values['open-rate'];
  const openReturns = values['open-returns'];
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return {
    returns: whole('returns', values.returns, 10, 100_000),
    concurrency: whole('concurrency', values.concurrency, 1, 1000),
    apiSeconds: whole('api-seconds', values['api-seconds'], 1, 600),
    ...(openRate !== undefined && { openRate: positive('open-rate', openRate, 1000) }),
    openSeconds: whole('open-seconds', values['open-seconds'], 1, 3600),
    ...(openReturns !== undefined && { openReturns: whole('open-returns', openReturns, 1, 100_000) }),
    instances: replicaCounts(values.replicas),
    out: values.out ?? join(WORKSPACE_ROOT, `.rebound/bench/results-${stamp}.json`),
    profile: values.profile as ServiceName[],
  };
}

/**
 * `--replicas <service>=<n>`, each service once: n processes of it, up to one per partition (more
 * would sit idle in the consumer group).
 */
export function replicaCounts(specs: readonly string[]): Partial<Record<ServiceName, number>> {
  const counts: Partial<Record<ServiceName, number>> = {};
  for (const spec of specs) {
    const [name, count, ...rest] = spec.split('=');
    if (count === undefined || rest.length > 0 || !isService(name)) {
      throw new Error(`--replicas takes <service>=<n>, the service one of ${SERVICE_NAMES.join(', ')}; got "${spec}"`);
    }
    if (counts[name] !== undefined) throw new Error(`--replicas names ${name} twice`);
    counts[name] = whole(`replicas ${name}`, count, 1, RUN_PARTITIONS);
  }
  return counts;
}

function isService(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}

function whole(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function positive(name: string, raw: string, max: number): number {
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value <= 0 || value > max) {
    throw new Error(`--${name} must be a number above 0 and at most ${max}, got "${raw}"`);
  }
  return value;
}
