/**
 * For a service's store tests (the "medium" tier): a Postgres schema of the test file's own, migrated
 * exactly as the service migrates its own (the messaging tables, then its migrations), and a DataSource
 * on it.
 */
import type { DataSource, MigrationInterface } from 'typeorm';
import { createSchemaDataSource, runMigrations } from '@rebound/persistence';
import { TestSchema } from '@rebound/testing';
import { serviceMigrations } from '../src';

export interface MigratedSchema {
  readonly schema: TestSchema;
  readonly dataSource: DataSource;
  /** Closes the DataSource and drops the schema. */
  close(): Promise<void>;
}

export async function migratedServiceSchema(
  prefix: string,
  migrations: readonly (new () => MigrationInterface)[],
): Promise<MigratedSchema> {
  const schema = await TestSchema.create(prefix.replace(/-/g, '_'));
  const dataSource = createSchemaDataSource({
    url: schema.url,
    schema: schema.name,
    migrations: serviceMigrations(migrations),
    applicationName: prefix,
  });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    schema,
    dataSource,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await schema.drop();
    },
  };
}

/**
 * The schema for the file's tests: created (and `seed` run on it) before them, dropped after them.
 * The returned function gives it to a test.
 */
export function useServiceSchema(
  prefix: string,
  migrations: readonly (new () => MigrationInterface)[],
  seed: (dataSource: DataSource) => Promise<void> = async () => undefined,
): () => MigratedSchema {
  let current: MigratedSchema | undefined;
  beforeAll(async () => {
    current = await migratedServiceSchema(prefix, migrations);
    await seed(current.dataSource);
  }, 60_000);
  afterAll(() => current?.close(), 60_000);
  return () => {
    if (!current) throw new Error('the schema is ready only inside the tests');
    return current;
  };
}
