/**
 * pickup-scheduling's configuration, read from the environment once at start-up. Every bad value is
 * reported at once, by variable name, and the process refuses to start.
 */
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { readEnvironment } from '@rebound/config';
import { Services } from '@rebound/contracts';
import { kafkaBrokerProblems, kafkaBrokers } from '@rebound/messaging';
import { serviceDatabaseUrl } from '@rebound/persistence';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

class PickupsEnvironment {
  @IsInt() @Min(0) @Max(65535) HTTP_PORT = 3002;
  @IsString() HOST = '0.0.0.0';
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/) DATABASE_SCHEMA: string = Services.pickupScheduling.schema;
  @IsBoolean() MIGRATE_ON_START = true;
  @IsOptional() @IsString() KAFKA_TOPIC_NAMESPACE?: string;
  /** Partitions of the topics created for a new partner, as for the catalogue's topics. */
  @IsInt() @Min(1) @Max(1000) KAFKA_TOPIC_PARTITIONS = 6;
  /** Partners created at start-up unless they exist (the demo partners of the local stack). */
  @IsOptional() @IsString() PARTNERS_SEED_FILE?: string;
  /** How far a signed webhook's timestamp may be from now before it counts as a replay. */
  @IsInt() @Min(1) @Max(3600) WEBHOOK_TOLERANCE_SECONDS = 300;
  /** How long after its slot a booking nobody acted on is given up. */
  @IsInt() @Min(1) @Max(720) BOOKING_GRACE_HOURS = 24;
  /** How far ahead a failed attempt may be rebooked. */
  @IsInt() @Min(1) @Max(60) REBOOK_HORIZON_DAYS = 14;
  /** How often overdue labels and bookings are looked for. */
  @IsInt() @Min(1000) @Max(3_600_000) EXPIRY_SWEEP_INTERVAL_MS = 60_000;
  @IsIn(LOG_LEVELS) LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}

export interface PickupsConfig {
  readonly httpPort: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly databaseSchema: string;
  readonly migrateOnStart: boolean;
  readonly kafkaBrokers: string[];
  readonly kafkaTopicNamespace?: string;
  readonly partnerTopicPartitions: number;
  readonly partnersSeedFile?: string;
  readonly webhookToleranceSeconds: number;
  readonly bookingGraceHours: number;
  readonly rebookHorizonDays: number;
  readonly expirySweepIntervalMs: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

export function loadPickupsConfig(env: NodeJS.ProcessEnv = process.env): PickupsConfig {
  const service = Services.pickupScheduling;
  const parsed = readEnvironment(service.name, PickupsEnvironment, env, [kafkaBrokerProblems]);
  return {
    httpPort: parsed.HTTP_PORT,
    host: parsed.HOST,
    databaseUrl: serviceDatabaseUrl(service.databaseRole, env),
    databaseSchema: parsed.DATABASE_SCHEMA,
    migrateOnStart: parsed.MIGRATE_ON_START,
    kafkaBrokers: kafkaBrokers(env),
    kafkaTopicNamespace: parsed.KAFKA_TOPIC_NAMESPACE,
    partnerTopicPartitions: parsed.KAFKA_TOPIC_PARTITIONS,
    partnersSeedFile: parsed.PARTNERS_SEED_FILE,
    webhookToleranceSeconds: parsed.WEBHOOK_TOLERANCE_SECONDS,
    bookingGraceHours: parsed.BOOKING_GRACE_HOURS,
    rebookHorizonDays: parsed.REBOOK_HORIZON_DAYS,
    expirySweepIntervalMs: parsed.EXPIRY_SWEEP_INTERVAL_MS,
    logLevel: parsed.LOG_LEVEL,
  };
}
