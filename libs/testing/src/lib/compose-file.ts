/**
 * docker-compose.yml read the way Compose reads it — anchors and `<<` merges resolved, the short and
 * long forms of environment, ports, depends_on, build and command made one — for tests that check
 * the file against the services where `docker compose config` is not available. `${VAR}`
 * interpolation is not supported: the file sets its values literally, and a test fails on a `${`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

export interface PublishedPort {
  readonly hostIp?: string;
  readonly hostPort?: number;
  readonly containerPort: number;
}

export interface BindMount {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export interface ComposeService {
  readonly name: string;
  readonly image?: string;
  /** Context and Dockerfile, relative to the workspace, and the build arguments. */
  readonly build?: {
    readonly context: string;
    readonly dockerfile: string;
    readonly args: Readonly<Record<string, string>>;
  };
  /** The command as the container gets it; empty when the image's CMD runs. */
  readonly command: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly ports: readonly PublishedPort[];
  readonly mounts: readonly BindMount[];
  /** Each service started first, with the condition it must reach. */
  readonly dependsOn: Readonly<Record<string, string>>;
  /** The healthcheck's command, without its CMD / CMD-SHELL marker; undefined when none or disabled. */
  readonly healthcheck?: readonly string[];
  readonly restart?: string;
}

type Raw = Record<string, unknown>;

export class ComposeFile {
  private constructor(
    readonly path: string,
    /** The file's own values, for what ComposeService does not model (Kafka's listeners, say). */
    readonly raw: Raw,
    readonly services: ReadonlyMap<string, ComposeService>,
  ) {}

  static read(path = resolve(WORKSPACE_ROOT, 'docker-compose.yml')): ComposeFile {
    const text = readFileSync(path, 'utf8');
    const raw = parse(text, { merge: true }) as Raw;
    const services = new Map(
      Object.entries((raw['services'] ?? {}) as Record<string, Raw>).map(([name, service]) => [
        name,
        normalize(name, service),
      ]),
    );
    return new ComposeFile(path, raw, services);
  }

  service(name: string): ComposeService {
    const service = this.services.get(name);
    if (!service) throw new Error(`docker-compose.yml has no service "${name}"`);
    return service;
  }
}

/** The URL a healthcheck fetches (its first http:// literal), or undefined. */
export function healthcheckUrl(service: ComposeService): URL | undefined {
  const match = /https?:\/\/[^\s'"`)]+/.exec((service.healthcheck ?? []).join(' '));
  return match ? new URL(match[0]) : undefined;
}

/** True when the Dockerfile at `path` (relative to the workspace) exists. */
export function dockerfileExists(path: string): boolean {
  return existsSync(resolve(WORKSPACE_ROOT, path));
}

function normalize(name: string, service: Raw): ComposeService {
  return {
    name,
    image: service['image'] as string | undefined,
    build: build(service['build']),
    command: words(service['command']),
    environment: environment(service['environment']),
    ports: ((service['ports'] ?? []) as unknown[]).map(port),
    mounts: ((service['volumes'] ?? []) as unknown[]).map(mount),
    dependsOn: dependsOn(service['depends_on']),
    healthcheck: healthcheck(service['healthcheck']),
    restart: service['restart'] as string | undefined,
  };
}

function build(value: unknown): ComposeService['build'] {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { context: value, dockerfile: `${value}/Dockerfile`, args: {} };
  const {
    context = '.',
    dockerfile = 'Dockerfile',
    args,
  } = value as { context?: string; dockerfile?: string; args?: unknown };
  return {
    context,
    dockerfile: resolve(WORKSPACE_ROOT, context, dockerfile).slice(WORKSPACE_ROOT.length + 1),
    args: environment(args),
  };
}

function words(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : String(value).split(/\s+/).filter(Boolean);
}

function environment(value: unknown): Record<string, string> {
  const entries: [string, string][] = Array.isArray(value)
    ? value.map((item: string) => {
        const at = item.indexOf('=');
        return at < 0 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)];
      })
    : Object.entries((value ?? {}) as Record<string, unknown>).map(([key, item]) => [key, String(item ?? '')]);
  for (const [key, item] of entries) {
    if (item.includes('${')) throw new Error(`${key}="${item}": interpolation is not supported by this reader`);
  }
  return Object.fromEntries(entries);
}

function port(value: unknown): PublishedPort {
  if (typeof value === 'object' && value !== null) {
    const long = value as { target: number; published?: string | number; host_ip?: string };
    return {
      containerPort: Number(long.target),
      ...(long.published !== undefined && { hostPort: Number(long.published) }),
      ...(long.host_ip && { hostIp: long.host_ip }),
    };
  }
  const parts = String(value)
    .replace(/\/(tcp|udp)$/, '')
    .split(':');
  const containerPort = Number(parts.pop());
  const hostPort = parts.length > 0 ? Number(parts.pop()) : undefined;
  const hostIp = parts.length > 0 ? parts.join(':') : undefined;
  return { containerPort, ...(hostPort !== undefined && { hostPort }), ...(hostIp && { hostIp }) };
}

function mount(value: unknown): BindMount {
  if (typeof value === 'object' && value !== null) {
    const long = value as { source: string; target: string; read_only?: boolean };
    return { source: long.source, target: long.target, readOnly: Boolean(long.read_only) };
  }
  const [source, target, mode = ''] = String(value).split(':');
  return { source, target, readOnly: mode.split(',').includes('ro') };
}

function dependsOn(value: unknown): Record<string, string> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((name: string) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries((value ?? {}) as Record<string, { condition?: string }>).map(([name, item]) => [
      name,
      item?.condition ?? 'service_started',
    ]),
  );
}

function healthcheck(value: unknown): string[] | undefined {
  const check = value as { test?: unknown; disable?: boolean } | undefined;
  if (!check || check.disable || check.test === undefined) return undefined;
  const test = words(check.test);
  if (test[0] === 'NONE') return undefined;
  return ['CMD', 'CMD-SHELL'].includes(test[0]) ? test.slice(1) : test;
}
