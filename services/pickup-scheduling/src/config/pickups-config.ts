/**
 * pickup-scheduling's configuration, read from the environment once at start-up. Every bad value is
 * reported at once, by variable name, and the process refuses to start.
 */
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { KafkaConnection, kafkaConnection } from '@rebound/kafka';
import { ServiceEnvironment, days, readServiceEnvironment, type ServiceSettings } from '@rebound/service';
import { Services } from '@rebound/contracts';

/** "rebound-DEV-ONLY-partner-secrets": for local runs and tests only. */
export const DEVELOPMENT_PARTNER_SECRETS_KEY = 'cmVib3VuZC1ERVYtT05MWS1wYXJ0bmVyLXNlY3JldHM=';

/** Every variable the service reads, with its rule and default. */
export class PickupsEnvironment extends ServiceEnvironment {
  override HTTP_PORT = Services.pickupScheduling.ports.http;
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
   * How long a refused tracking event stays listed under rejected-events: longer than its partner's
   * topic keeps it (7 days), so what was refused can be looked at for as long as it can be read again.
   */
  @IsInt() @Min(1) REJECTED_TRACKING_RETENTION_DAYS = 30;
  /**
   * The AES-256 key partners' webhook secrets are encrypted with at rest: 32 random bytes, base64
   * (`openssl rand -base64 32`). The default is the development key, which everyone can read here:
   * with NODE_ENV=production the service refuses to start with it.
   */
  /** 44 characters of standard base64, which is exactly 32 bytes. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/)
  PARTNER_SECRETS_KEY = DEVELOPMENT_PARTNER_SECRETS_KEY;
  /**
   * A Kafka user allowed to set SCRAM credentials and ACLs (Alter and Describe on the cluster), with
   * KAFKA_ADMIN_PASSWORD: registering a partner then creates the partner's own Kafka user and grants
   * it (and this service) what the access catalogue says. Unset: partners' users are made elsewhere
   * (Strimzi KafkaUsers, docs/deploy.md).
   */
  @IsOptional() @IsString() KAFKA_ADMIN_USERNAME?: string;
  @IsOptional() @IsString() KAFKA_ADMIN_PASSWORD?: string;
}

export interface PickupsConfig extends ServiceSettings {
  readonly partnerTopicPartitions: number;
  readonly partnersSeedFile?: string;
  readonly webhookToleranceSeconds: number;
  readonly bookingGraceHours: number;
  readonly bookingHorizonDays: number;
  readonly rebookHorizonDays: number;
  readonly expirySweepIntervalMs: number;
  readonly rejectedTrackingRetentionMs: number;
  /** The 32-byte key of PARTNER_SECRETS_KEY. */
  readonly partnerSecretsKey: Buffer;
  /** The connection partners' Kafka users are made with (KAFKA_ADMIN_USERNAME); undefined: they are made elsewhere. */
  readonly kafkaAdmin?: KafkaConnection;
}

export function loadPickupsConfig(env: NodeJS.ProcessEnv = process.env): PickupsConfig {
  const { parsed, settings } = readServiceEnvironment(Services.pickupScheduling, PickupsEnvironment, env, [
    developmentKeyInProduction,
    kafkaAdminProblems,
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
    rejectedTrackingRetentionMs: days(parsed.REJECTED_TRACKING_RETENTION_DAYS),
    partnerSecretsKey: Buffer.from(parsed.PARTNER_SECRETS_KEY, 'base64'),
    kafkaAdmin: kafkaAdminConnection(env),
  };
}

/** The service's own Kafka connection, logged in as KAFKA_ADMIN_USERNAME instead. */
function kafkaAdminConnection(env: NodeJS.ProcessEnv): KafkaConnection | undefined {
  const username = env['KAFKA_ADMIN_USERNAME'];
  if (!username) return undefined;
  return kafkaConnection({ ...env, KAFKA_USERNAME: username, KAFKA_PASSWORD: env['KAFKA_ADMIN_PASSWORD'] });
}

function kafkaAdminProblems(env: NodeJS.ProcessEnv): string[] {
  const [username, password] = [env['KAFKA_ADMIN_USERNAME'], env['KAFKA_ADMIN_PASSWORD']];
  if (!username && !password) return [];
  if (!username || !password) return ['KAFKA_ADMIN_USERNAME and KAFKA_ADMIN_PASSWORD go together: set both or neither'];
  if (!env['KAFKA_SASL_MECHANISM'])
    return ['KAFKA_ADMIN_USERNAME needs KAFKA_SASL_MECHANISM (the admin logs in as the service does)'];
  return [];
}

function developmentKeyInProduction(env: NodeJS.ProcessEnv): string[] {
  const key = env['PARTNER_SECRETS_KEY'] || DEVELOPMENT_PARTNER_SECRETS_KEY;
  return env['NODE_ENV'] === 'production' && key === DEVELOPMENT_PARTNER_SECRETS_KEY
    ? ['PARTNER_SECRETS_KEY: must be set to a key of its own in production; the development key is public']
    : [];
}
