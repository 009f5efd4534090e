/**
 * inventory's tables on a schema of the test file's own (migrated as the service migrates them), for
 * the stores' tests: each runs its work in a transaction rolled back afterwards unless it commits.
 */
import { DataSource, type EntityManager } from 'typeorm';
import { messagingMigrations } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import { TestSchema } from '@rebound/testing';
import { inventoryMigrations } from '../../src/persistence/migrations';

export interface InventoryDatabase {
  readonly dataSource: DataSource;
  readonly schema: TestSchema;
  /** Runs `work` in one committed transaction. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}

export function useInventoryDatabase(prefix: string): () => InventoryDatabase {
  let database: InventoryDatabase | undefined;

  beforeAll(async () => {
    const schema = await TestSchema.create(prefix);
    const dataSource = createSchemaDataSource({
      url: schema.url,
      schema: schema.name,
      migrations: [...messagingMigrations, ...inventoryMigrations],
      applicationName: `inventory-${prefix}`,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    database = { dataSource, schema, transaction: (work) => dataSource.transaction(work) };
  }, 60_000);

  afterAll(async () => {
    await database?.dataSource.destroy();
    await database?.schema.drop();
  });

  return () => {
    if (!database) throw new Error('the database is not ready: call this inside a test');
    return database;
  };
}
