/**
 * One TypeORM DataSource per service schema: no synchronize, the migrations table inside the
 * schema, snake_case names, a search_path that holds only the service's own schema, TLS as the
 * URL and PGSSL* variables say (postgresConnection), and, when given, the session timeouts that keep
 * one slow statement or one forgotten transaction from holding a connection and its locks.
 */
import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { quoteIdent } from './database-url';
import { postgresConnection } from './postgres-tls';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface SchemaDataSourceOptions {
  readonly url: string;
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity type
  readonly entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own migration type
  readonly migrations?: MixedList<Function | string>;
  /** Shown in pg_stat_activity, so operators can tell the services' connections apart. */
  readonly applicationName?: string;
  readonly poolSize?: number;
  readonly logging?: boolean;
  /**
   * Postgres cancels a statement that runs longer (SQLSTATE 57014, a transient error: see
   * isTransientDatabaseError). Unset: no limit — the migrate CLI's data sources, and runMigrations
   * lifts it on its own connection anyway.
   */
  readonly statementTimeoutMs?: number;
  /** Postgres ends a session whose transaction has been idle this long (SQLSTATE 25P03). Unset: no limit. */
  readonly idleInTransactionTimeoutMs?: number;
}

export const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export function createSchemaDataSource(options: SchemaDataSourceOptions): DataSource {
  if (!SCHEMA_PATTERN.test(options.schema)) {
    throw new Error(`schema "${options.schema}" must be a lower-case identifier (${SCHEMA_PATTERN})`);
  }
  for (const [name, value] of Object.entries({
    statementTimeoutMs: options.statementTimeoutMs,
    idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs,
  })) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new Error(`${name} must be a whole number of milliseconds, 0 or more (0: no limit)`);
    }
  }
  const { connectionString, ssl } = postgresConnection(options.url);
  return new DataSource({
    type: 'postgres',
    url: connectionString,
    ssl,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: options.applicationName,
    logging: options.logging ?? false,
    poolSize: options.poolSize ?? 10,
    extra: { options: sessionOptions(options) },
  });
}

/** Startup parameters of every session the pool opens (libpq's `options`). */
function sessionOptions(options: SchemaDataSourceOptions): string {
  const settings = [`search_path=${quoteIdent(options.schema)}`];
  if (options.statementTimeoutMs !== undefined) settings.push(`statement_timeout=${options.statementTimeoutMs}`);
  if (options.idleInTransactionTimeoutMs !== undefined) {
    settings.push(`idle_in_transaction_session_timeout=${options.idleInTransactionTimeoutMs}`);
  }
  return settings.map((setting) => `-c ${setting}`).join(' ');
}
