/**
 * pickup-scheduling's configuration, read from the environment once at start-up. Every bad value is
 * reported at once, by variable name, and the process refuses to start.
 */
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Services } from '@rebound/contracts';
import { ServiceEnvironment, readServiceEnvironment, type ServiceSettings } from '@rebound/messaging/nest';

/** "rebound-DEV-ONLY-partner-secrets": for local runs and tests only. */
export const DEVELOPMENT_PARTNER_SECRETS_KEY = 'cmVib3VuZC1ERVYtT05MWS1wYXJ0bmVyLXNlY3JldHM=';

/** Every variable the service reads, with its rule and default. */
export class PickupsEnvironment extends ServiceEnvironment {
  override HTTP_PORT = 3002;
  override DATABASE_SCHEMA = Services.pickupScheduling.schema;
  /** Partitions of the topics created for a new partner, as for the catalogue's topics. */
  @IsInt() @Min(1) @Max(1000) KAFKA_TOPIC_PARTITIONS = 6;
  /** Partners created at start-up unless they exist (the demo partners of the local stack). */
  @IsOptional() @IsString() PARTNERS_SEED_FILE?: string;
  /** How far a signed webhook's timestamp may be from now before it counts as a replay. */
  @IsInt() @Min(1) @Max(3600) WEBHOOK_TOLERANCE_SECONDS = 300;
  /** How long after its slot a booking nobody acted on is given up. */
  @IsInt() @Min(1) @Max(720) BOOKING_GRACE_HOURS = 24;
  /** How far ahead a pickup is booked: a customer window reaching further is searched only this far. */
  @IsInt() @Min(1) @Max(365) BOOKING_HORIZON_DAYS = 60;
  /** How far ahead a failed attempt may be rebooked. */
  @IsInt() @Min(1) @Max(60) REBOOK_HORIZON_DAYS = 14;
  /** How often overdue labels and bookings are looked for. */
  @IsInt() @Min(1000) @Max(3_600_000) EXPIRY_SWEEP_INTERVAL_MS = 60_000;
  /**
   * The AES-256 key partners' webhook secrets are encrypted with at rest: 32 random bytes, base64
   * (`openssl rand -base64 32`). The default is the development key, which everyone can read here:
   * with NODE_ENV=production the service refuses to start with it.
   */
  /** 44 characters of standard base64, which is exactly 32 bytes. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/)
  PARTNER_SECRETS_KEY = DEVELOPMENT_PARTNER_SECRETS_KEY;
}

export interface PickupsConfig extends ServiceSettings {
  readonly partnerTopicPartitions: number;
  readonly partnersSeedFile?: string;
  readonly webhookToleranceSeconds: number;
  readonly bookingGraceHours: number;
  readonly bookingHorizonDays: number;
  readonly rebookHorizonDays: number;
  readonly expirySweepIntervalMs: number;
  /** The 32-byte key of PARTNER_SECRETS_KEY. */
  readonly partnerSecretsKey: Buffer;
}

export function loadPickupsConfig(env: NodeJS.ProcessEnv = process.env): PickupsConfig {
  const { parsed, settings } = readServiceEnvironment(Services.pickupScheduling, PickupsEnvironment, env, [
    developmentKeyInProduction,
  ]);
  return {
    ...settings,
    partnerTopicPartitions: parsed.KAFKA_TOPIC_PARTITIONS,
    partnersSeedFile: parsed.PARTNERS_SEED_FILE,
    webhookToleranceSeconds: parsed.WEBHOOK_TOLERANCE_SECONDS,
    bookingGraceHours: parsed.BOOKING_GRACE_HOURS,
    bookingHorizonDays: parsed.BOOKING_HORIZON_DAYS,
    rebookHorizonDays: parsed.REBOOK_HORIZON_DAYS,
    expirySweepIntervalMs: parsed.EXPIRY_SWEEP_INTERVAL_MS,
    partnerSecretsKey: Buffer.from(parsed.PARTNER_SECRETS_KEY, 'base64'),
  };
}

function developmentKeyInProduction(env: NodeJS.ProcessEnv): string[] {
  const key = env['PARTNER_SECRETS_KEY'] || DEVELOPMENT_PARTNER_SECRETS_KEY;
  return env['NODE_ENV'] === 'production' && key === DEVELOPMENT_PARTNER_SECRETS_KEY
    ? ['PARTNER_SECRETS_KEY: must be set to a key of its own in production; the development key is public']
    : [];
}
