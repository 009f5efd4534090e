/**
 * inventory's tables on a schema of the test file's own (migrated as the service migrates them), for
 * the stores' tests: each runs its work in a transaction rolled back afterwards unless it commits.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { useServiceSchema } from '@rebound/messaging/testing';
import type { TestSchema } from '@rebound/testing';
import { inventoryMigrations } from '../../src/persistence/migrations';

export interface InventoryDatabase {
  readonly dataSource: DataSource;
  readonly schema: TestSchema;
  /** Runs `work` in one committed transaction. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}

export function useInventoryDatabase(prefix: string): () => InventoryDatabase {
  const migrated = useServiceSchema(`inventory-${prefix}`, inventoryMigrations);
  return () => {
    const { schema, dataSource } = migrated();
    return { schema, dataSource, transaction: (work) => dataSource.transaction(work) };
  };
}
