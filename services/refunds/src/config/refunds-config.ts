/**
 * refunds' configuration, read from the environment once at start-up. Every bad value is reported at
 * once, by variable name, and the process refuses to start.
 */
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { ServiceEnvironment, days, readServiceEnvironment, type ServiceSettings } from '@rebound/service';
import { Services } from '@rebound/contracts';

/** Every variable the service reads, with its rule and default. */
export class RefundsEnvironment extends ServiceEnvironment {
  override HTTP_PORT = Services.refunds.ports.http;
  override DATABASE_SCHEMA = Services.refunds.schema;
  /** The payment provider's base URL; the local stack's sandbox by default. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) PAYMENT_PROVIDER_URL = 'http://127.0.0.1:3090';
  /** How long a payment call may take before its outcome counts as unknown. */
  @IsInt() @Min(100) @Max(120_000) PAYMENT_TIMEOUT_MS = 10_000;
  /** Payment calls per round before a refund needs attention. */
  @IsInt() @Min(1) @Max(50) PAYMENT_MAX_ATTEMPTS = 5;
  /** First retry delay; doubling, with jitter, up to PAYMENT_RETRY_MAX_MS. */
  @IsInt() @Min(10) @Max(3_600_000) PAYMENT_RETRY_INITIAL_MS = 2_000;
  @IsInt() @Min(10) @Max(86_400_000) PAYMENT_RETRY_MAX_MS = 300_000;
  /** How long a refund stays claimed by the process paying it; after that another process may take it over. */
  @IsInt() @Min(1_000) @Max(3_600_000) PAYMENT_LEASE_MS = 60_000;
  /** How often due payments are looked for when none was due. */
  @IsInt() @Min(10) @Max(60_000) PAYMENT_POLL_INTERVAL_MS = 500;
  /**
   * How long the payment attempts of a finished refund (succeeded, superseded, cancelled) are kept
   * after it finished: well past any provider's idempotency window and the inquiries about a refund
   * that follow it (docs/refunds.md, Retention). Refunds not finished keep theirs.
   */
  @IsInt() @Min(1) PAYMENT_ATTEMPT_RETENTION_DAYS = 90;
}

export interface RefundsConfig extends ServiceSettings {
  readonly paymentProviderUrl: string;
  readonly paymentTimeoutMs: number;
  readonly paymentMaxAttempts: number;
  readonly paymentRetryInitialMs: number;
  readonly paymentRetryMaxMs: number;
  readonly paymentLeaseMs: number;
  readonly paymentPollIntervalMs: number;
  readonly paymentAttemptRetentionMs: number;
}

export function loadRefundsConfig(env: NodeJS.ProcessEnv = process.env): RefundsConfig {
  const { parsed, settings } = readServiceEnvironment(Services.refunds, RefundsEnvironment, env, [
    (raw) =>
      Number(raw['PAYMENT_TIMEOUT_MS'] ?? 10_000) >= Number(raw['PAYMENT_LEASE_MS'] ?? 60_000)
        ? ['PAYMENT_TIMEOUT_MS must be shorter than PAYMENT_LEASE_MS, or a slow call would be taken over mid-flight']
        : [],
  ]);
  return {
    ...settings,
    paymentProviderUrl: parsed.PAYMENT_PROVIDER_URL.replace(/\/+$/, ''),
    paymentTimeoutMs: parsed.PAYMENT_TIMEOUT_MS,
    paymentMaxAttempts: parsed.PAYMENT_MAX_ATTEMPTS,
    paymentRetryInitialMs: parsed.PAYMENT_RETRY_INITIAL_MS,
    paymentRetryMaxMs: parsed.PAYMENT_RETRY_MAX_MS,
    paymentLeaseMs: parsed.PAYMENT_LEASE_MS,
    paymentPollIntervalMs: parsed.PAYMENT_POLL_INTERVAL_MS,
    paymentAttemptRetentionMs: days(parsed.PAYMENT_ATTEMPT_RETENTION_DAYS),
  };
}
