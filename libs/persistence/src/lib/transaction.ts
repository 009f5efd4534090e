/**
 * Runs work in one transaction, and runs it again when Postgres aborted it only because of a
 * concurrent transaction (serialization failure, deadlock) — the standard answer to those errors.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { isSerializationConflict } from './database-errors';

export interface TransactionOptions {
  readonly isolation?: IsolationLevel;
  /** How many more times to run the work after a serialization conflict. */
  readonly conflictRetries?: number;
}

export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const retries = options.conflictRetries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return options.isolation
        ? await dataSource.transaction(options.isolation, work)
        : await dataSource.transaction(work);
    } catch (error) {
      if (attempt >= retries || !isSerializationConflict(error)) throw error;
      await sleep(10 * 2 ** attempt + Math.random() * 10);
    }
  }
}
