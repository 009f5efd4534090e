/**
 * A schema of its own for a store's tests, migrated as the service migrates it, and a way to run a
 * test's work in one transaction the way a use case runs (the stores bound to its EntityManager).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { serviceMigrations } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import { TestSchema } from '@rebound/testing';
import { refundsMigrations } from '../../src/persistence/migrations';

export interface RefundsSchema {
  readonly schema: TestSchema;
  readonly dataSource: DataSource;
  /** Runs `work` in one transaction, committed unless it throws. */
  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}

/** Creates the schema before the file's tests and drops it after them. */
export function useRefundsSchema(prefix: string): () => RefundsSchema {
  let current: RefundsSchema | undefined;
  beforeAll(async () => {
    const schema = await TestSchema.create(prefix);
    const dataSource = createSchemaDataSource({
      url: schema.url,
      schema: schema.name,
      migrations: serviceMigrations(refundsMigrations),
      applicationName: prefix,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    current = { schema, dataSource, inTransaction: (work) => dataSource.transaction(work) };
  }, 60_000);
  afterAll(async () => {
    if (current?.dataSource.isInitialized) await current.dataSource.destroy();
    await current?.schema.drop();
  }, 60_000);
  return () => {
    if (!current) throw new Error('the refunds schema is created before the tests run');
    return current;
  };
}
