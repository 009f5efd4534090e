/**
 * One TypeORM DataSource per service schema: no synchronize, the migrations table inside the
 * schema, snake_case names, a search_path that holds only the service's own schema, and TLS as the
 * URL and PGSSL* variables say (postgresConnection).
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
}

export const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export function createSchemaDataSource(options: SchemaDataSourceOptions): DataSource {
  if (!SCHEMA_PATTERN.test(options.schema)) {
    throw new Error(`schema "${options.schema}" must be a lower-case identifier (${SCHEMA_PATTERN})`);
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
    extra: { options: `-c search_path=${quoteIdent(options.schema)}` },
  });
}
