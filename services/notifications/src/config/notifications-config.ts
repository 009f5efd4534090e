/**
 * notifications' configuration, read from the environment once at start-up. Every bad value is
 * reported at once, by variable name, and the process refuses to start.
 */
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceEnvironment, readServiceEnvironment, type ServiceSettings } from '@rebound/service';
import { Services } from '@rebound/contracts';
import type { AllowedHosts } from '../domain/destination';

/** "rebound-DEV-ONLY-webhook-secrets": for local runs and tests only. */
export const DEVELOPMENT_WEBHOOK_SECRETS_KEY = 'cmVib3VuZC1ERVYtT05MWS13ZWJob29rLXNlY3JldHM=';

/** Every variable the service reads, with its rule and default. */
export class NotificationsEnvironment extends ServiceEnvironment {
  override HTTP_PORT = Services.notifications.ports.http;
  override DATABASE_SCHEMA = Services.notifications.schema;
  /**
   * The AES-256 key subscriptions' signing secrets are encrypted with at rest: 32 random bytes,
   * base64 (`openssl rand -base64 32`). The default is the development key, which everyone can read
   * here: with NODE_ENV=production the service refuses to start with it.
   */
  @Matches(/^[A-Za-z0-9+/]{43}=$/)
  WEBHOOK_SECRETS_KEY = DEVELOPMENT_WEBHOOK_SECRETS_KEY;
  /**
   * Hosts (names or addresses, comma-separated) webhooks may go to although they are internal —
   * loopback, private networks. Empty: only public destinations. The local stack and tests allow 127.0.0.1.
   */
  @IsString() WEBHOOK_ALLOWED_HOSTS = '';
  /** How long a receiver has to answer an attempt, connecting included. */
  @IsInt() @Min(100) @Max(60_000) WEBHOOK_TIMEOUT_MS = 10_000;
  /** Deliveries in flight at once, per replica; a subscription has at most one in flight. */
  @IsInt() @Min(1) @Max(256) WEBHOOK_CONCURRENCY = 8;
  /** How long a worker holds a delivery it is sending: more than WEBHOOK_TIMEOUT_MS. */
  @IsInt() @Min(1_000) @Max(600_000) WEBHOOK_LEASE_MS = 60_000;
  /** How often an idle worker looks for due deliveries. */
  @IsInt() @Min(10) @Max(60_000) WEBHOOK_POLL_INTERVAL_MS = 1_000;
  /** The first retry's delay; each next one doubles, with jitter, up to WEBHOOK_RETRY_MAX_MS. */
  @IsInt() @Min(10) WEBHOOK_RETRY_INITIAL_MS = 5_000;
  @IsInt() @Min(10) WEBHOOK_RETRY_MAX_MS = 3_600_000;
  /** How long a failing delivery is retried before it is given up and its subscription disabled (72 hours). */
  @IsInt() @Min(1) @Max(30 * 86_400) WEBHOOK_RETRY_PERIOD_SECONDS = 72 * 3600;
  /** How long a rotated-out secret keeps signing, unless the rotation asks for another overlap. */
  @IsInt() @Min(0) @Max(168) WEBHOOK_SECRET_OVERLAP_HOURS = 24;
}

export interface NotificationsConfig extends ServiceSettings {
  readonly webhookSecretsKey: Buffer;
  readonly allowedHosts: AllowedHosts;
  readonly webhookTimeoutMs: number;
  readonly webhookConcurrency: number;
  readonly webhookLeaseMs: number;
  readonly webhookPollIntervalMs: number;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  readonly retryPeriodMs: number;
  readonly secretOverlapMs: number;
}

const HOUR_MS = 3_600_000;

export function loadNotificationsConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  const { parsed, settings } = readServiceEnvironment(Services.notifications, NotificationsEnvironment, env, [
    developmentKeyInProduction,
    leaseOutlastsTimeout,
  ]);
  return {
    ...settings,
    webhookSecretsKey: Buffer.from(parsed.WEBHOOK_SECRETS_KEY, 'base64'),
    allowedHosts: allowedHostsOf(parsed.WEBHOOK_ALLOWED_HOSTS),
    webhookTimeoutMs: parsed.WEBHOOK_TIMEOUT_MS,
    webhookConcurrency: parsed.WEBHOOK_CONCURRENCY,
    webhookLeaseMs: parsed.WEBHOOK_LEASE_MS,
    webhookPollIntervalMs: parsed.WEBHOOK_POLL_INTERVAL_MS,
    retryInitialMs: parsed.WEBHOOK_RETRY_INITIAL_MS,
    retryMaxMs: parsed.WEBHOOK_RETRY_MAX_MS,
    retryPeriodMs: parsed.WEBHOOK_RETRY_PERIOD_SECONDS * 1000,
    secretOverlapMs: parsed.WEBHOOK_SECRET_OVERLAP_HOURS * HOUR_MS,
  };
}

/** `a.example, 127.0.0.1 ,[::1]` → the lower-case hosts, brackets dropped. */
export function allowedHostsOf(raw: string): AllowedHosts {
  return new Set(
    raw
      .split(',')
      .map((host) =>
        host
          .trim()
          .toLowerCase()
          .replace(/^\[(.*)\]$/, '$1'),
      )
      .filter((host) => host !== ''),
  );
}

function developmentKeyInProduction(env: NodeJS.ProcessEnv): string[] {
  const key = env['WEBHOOK_SECRETS_KEY'] || DEVELOPMENT_WEBHOOK_SECRETS_KEY;
  return env['NODE_ENV'] === 'production' && key === DEVELOPMENT_WEBHOOK_SECRETS_KEY
    ? ['WEBHOOK_SECRETS_KEY: must be set to a key of its own in production; the development key is public']
    : [];
}

/** A lease shorter than a call would let a second worker send the same delivery while the first still waits. */
function leaseOutlastsTimeout(env: NodeJS.ProcessEnv): string[] {
  const timeout = Number(env['WEBHOOK_TIMEOUT_MS'] || 10_000);
  const lease = Number(env['WEBHOOK_LEASE_MS'] || 60_000);
  return lease > timeout ? [] : ['WEBHOOK_LEASE_MS must be longer than WEBHOOK_TIMEOUT_MS'];
}
