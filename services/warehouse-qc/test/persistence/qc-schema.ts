/**
 * A Postgres schema of its own per store test file, migrated as warehouse-qc migrates its own, and a
 * DataSource on it; dropped after the file's tests.
 */
import type { DataSource } from 'typeorm';
import { useServiceSchema } from '@rebound/messaging/testing';
import { qcMigrations } from '../../src/persistence/migrations';

export function useQcSchema(prefix: string): () => DataSource {
  const schema = useServiceSchema(prefix, qcMigrations);
  return () => schema().dataSource;
}
