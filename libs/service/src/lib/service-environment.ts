/**
 * The environment every service reads — HTTP, its database connection and schema, Kafka, logs — as a
 * class a service's own environment extends, setting its defaults and adding its own variables.
 */
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { KafkaConnection, kafkaConnection, kafkaConnectionProblems } from '@rebound/kafka';
import { environmentVariables, readEnvironment } from '@rebound/kernel';
import type { ServiceDefinition } from '@rebound/contracts';
import type { AccessSettings, RateLimitSettings } from '@rebound/http';
import { serviceDatabaseTlsProblems, serviceDatabaseUrl } from '@rebound/persistence';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export abstract class ServiceEnvironment {
  /** Each service sets its own port (docs/<service>.md). */
  @IsInt() @Min(0) @Max(65535) HTTP_PORT = 0;
  @IsString() HOST = '0.0.0.0';
  /** Unset: the service's own role on REBOUND_DB_SERVER (see serviceDatabaseUrl). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;
  /** Without DATABASE_URL: the server and database the service's own role connects to. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'REBOUND_DB_SERVER must be a postgres:// URL' })
  REBOUND_DB_SERVER?: string;
  /** Without DATABASE_URL: the password of the service's own role. */
  @IsOptional() @IsString() REBOUND_DB_PASSWORD?: string;
  /**
   * TLS to Postgres, as libpq reads these variables; the same parameters in the URL win. `disable`
   * (the default), `verify-full`, `verify-ca`, or `require` on a loopback host; checked with the
   * other three by serviceDatabaseTlsProblems (libs/persistence/src/lib/postgres-tls.ts).
   */
  @IsOptional() @IsString() PGSSLMODE?: string;
  /** The CA that signed the server's certificate, a PEM file; `system`: the CAs Node.js trusts. */
  @IsOptional() @IsString() PGSSLROOTCERT?: string;
  /** A client certificate and its key (PEM files), for a server that asks for one. */
  @IsOptional() @IsString() PGSSLCERT?: string;
  @IsOptional() @IsString() PGSSLKEY?: string;
  /** Each service defaults to its own schema. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/) DATABASE_SCHEMA = '';
  /** Kubernetes runs migrations as a Job and sets false. */
  @IsBoolean() MIGRATE_ON_START = true;
  /**
   * Postgres cancels a statement of the service's that runs longer: the request answers 503, an event
   * is retried. 0: no limit. Migrations are never limited by it.
   */
  @IsInt() @Min(0) DATABASE_STATEMENT_TIMEOUT_MS = 10_000;
  /** Postgres ends a session whose transaction waits longer for the service (and so frees its locks); 0: no limit. */
  @IsInt() @Min(0) DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
  /**
   * How long the inbox remembers an event the consumer group is done with: longer than any copy of
   * it can still arrive — Kafka keeps dead letters 28 days, and a replay then waits on its original
   * topic up to the 7 days of the topics' retention (docs/messaging.md, What is kept, and for how long).
   */
  @IsInt() @Min(1) INBOX_RETENTION_DAYS = 42;
  /** Comma-separated host:port; unset, the local stack's broker. These and the credentials are checked by kafkaConnectionProblems. */
  @IsOptional() @IsString() KAFKA_BROKERS?: string;
  /** scram-sha-512 (or scram-sha-256, plain) with the service's own KAFKA_USERNAME and KAFKA_PASSWORD. */
  @IsOptional() @IsString() KAFKA_SASL_MECHANISM?: string;
  @IsOptional() @IsString() KAFKA_USERNAME?: string;
  @IsOptional() @IsString() KAFKA_PASSWORD?: string;
  /** TLS to the brokers: `true`, or implied by KAFKA_TLS_CA_FILE; a client certificate with KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE. */
  @IsOptional() @IsString() KAFKA_TLS?: string;
  @IsOptional() @IsString() KAFKA_TLS_CA_FILE?: string;
  @IsOptional() @IsString() KAFKA_TLS_CERT_FILE?: string;
  @IsOptional() @IsString() KAFKA_TLS_KEY_FILE?: string;
  @IsOptional() @IsString() KAFKA_TOPIC_NAMESPACE?: string;
  /**
   * How long the group waits for a consumer that stopped heartbeating (a killed pod) before its
   * partitions go to another member; within the broker's group.min/max.session.timeout.ms.
   */
  @IsInt() @Min(6_000) @Max(300_000) KAFKA_SESSION_TIMEOUT_MS = 30_000;
  @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = 'info';
  /** The OpenID Connect issuer whose tokens callers bring; the default is the local stack's Keycloak realm. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) OIDC_ISSUER = 'http://127.0.0.1:8180/realms/rebound';
  /** The audience every token must name. */
  @IsString() @IsNotEmpty() OIDC_AUDIENCE = 'rebound-api';
  /** Unset: the `jwks_uri` of the issuer's discovery document. */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) OIDC_JWKS_URL?: string;
  /** Where the caller's permissions are in a token: Keycloak's realm roles by default; `scope` for many other issuers. */
  @IsString() @IsNotEmpty() OIDC_PERMISSIONS_CLAIM = 'realm_access.roles';
  /** The claim that makes a token a customer's own, holding the customer's id (`sub` where the subject is the customer id). */
  @IsString() @IsNotEmpty() OIDC_CUSTOMER_CLAIM = 'customer_id';
  /** After the issuer's keys were fetched, how long a token with an unknown key id waits before they are fetched again. */
  @IsInt() @Min(0) OIDC_JWKS_COOLDOWN_MS = 30_000;
  /**
   * Writes each client may make per minute, counted by each replica on its own (see WriteRateLimitGuard);
   * 0 turns the limit off.
   */
  @IsInt() @Min(0) RATE_LIMIT_WRITES_PER_MINUTE = 600;
}

export interface ServiceSettings {
  readonly httpPort: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly databaseSchema: string;
  readonly migrateOnStart: boolean;
  readonly databaseStatementTimeoutMs: number;
  readonly databaseIdleInTransactionTimeoutMs: number;
  readonly inboxRetentionMs: number;
  readonly kafka: KafkaConnection;
  readonly kafkaTopicNamespace?: string;
  readonly kafkaSessionTimeoutMs: number;
  readonly logLevel: LogLevel;
  readonly access: AccessSettings;
  readonly rateLimit: RateLimitSettings;
}

/**
 * Reads the service's environment, reporting every bad variable at once (the Kafka connection's and
 * the database's TLS settings included); returns the parsed variables, for the service's own, and the
 * settings every service has.
 */
export function readServiceEnvironment<T extends ServiceEnvironment>(
  service: ServiceDefinition,
  schema: new () => T,
  env: NodeJS.ProcessEnv,
  /** Checks across variables, each returning its problems. */
  checks: readonly ((env: NodeJS.ProcessEnv) => readonly string[])[] = [],
): { readonly parsed: T; readonly settings: ServiceSettings } {
  const parsed = readEnvironment(service.name, schema, env, [
    kafkaConnectionProblems,
    (raw) => serviceDatabaseTlsProblems(service.databaseRole, raw),
    ...checks,
  ]);
  return {
    parsed,
    settings: {
      httpPort: parsed.HTTP_PORT,
      host: parsed.HOST,
      databaseUrl: serviceDatabaseUrl(service.databaseRole, env),
      databaseSchema: parsed.DATABASE_SCHEMA,
      migrateOnStart: parsed.MIGRATE_ON_START,
      databaseStatementTimeoutMs: parsed.DATABASE_STATEMENT_TIMEOUT_MS,
      databaseIdleInTransactionTimeoutMs: parsed.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      inboxRetentionMs: days(parsed.INBOX_RETENTION_DAYS),
      kafka: kafkaConnection(env),
      kafkaSessionTimeoutMs: parsed.KAFKA_SESSION_TIMEOUT_MS,
      kafkaTopicNamespace: parsed.KAFKA_TOPIC_NAMESPACE,
      logLevel: parsed.LOG_LEVEL,
      access: {
        issuer: parsed.OIDC_ISSUER,
        audience: parsed.OIDC_AUDIENCE,
        jwksUrl: parsed.OIDC_JWKS_URL,
        permissionsClaim: parsed.OIDC_PERMISSIONS_CLAIM,
        customerClaim: parsed.OIDC_CUSTOMER_CLAIM,
        jwksCooldownMs: parsed.OIDC_JWKS_COOLDOWN_MS,
      },
      rateLimit: { writesPerMinute: parsed.RATE_LIMIT_WRITES_PER_MINUTE },
    },
  };
}

/** A retention in days, in milliseconds. */
export function days(count: number): number {
  return count * 24 * 3600_000;
}

/** The variables every service reads: ServiceEnvironment's. */
export function sharedEnvironmentVariables(): string[] {
  // The schema is abstract; its rules are registered on the class all the same.
  return environmentVariables(ServiceEnvironment as unknown as new () => object);
}

/** The variables of a service's own configuration beyond every service's: its catalogue entry's `environment`. */
export function ownEnvironmentVariables(schema: new () => ServiceEnvironment): string[] {
  const shared = new Set(sharedEnvironmentVariables());
  return environmentVariables(schema).filter((name) => !shared.has(name));
}
