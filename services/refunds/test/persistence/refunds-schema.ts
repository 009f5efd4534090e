/**
 * A schema of its own for a store's tests, migrated as the service migrates it, and a way to run a
 * test's work in one transaction the way a use case runs (the stores bound to its EntityManager).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { useServiceSchema } from '@rebound/messaging/testing';
import type { TestSchema } from '@rebound/testing';
import { refundsMigrations } from '../../src/persistence/migrations';

export interface RefundsSchema {
  readonly schema: TestSchema;
  readonly dataSource: DataSource;
  /** Runs `work` in one transaction, committed unless it throws. */
  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}

/** Creates the schema before the file's tests and drops it after them. */
export function useRefundsSchema(prefix: string): () => RefundsSchema {
  const migrated = useServiceSchema(prefix, refundsMigrations);
  return () => {
    const { schema, dataSource } = migrated();
    return { schema, dataSource, inTransaction: (work) => dataSource.transaction(work) };
  };
}
