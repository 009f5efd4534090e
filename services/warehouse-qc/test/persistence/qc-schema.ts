/**
 * A Postgres schema of its own per store test file, migrated as warehouse-qc migrates its own, and a
 * DataSource on it; dropped after the file's tests.
 */
import type { DataSource } from 'typeorm';
import { messagingMigrations } from '@rebound/messaging';
import { createSchemaDataSource, runMigrations } from '@rebound/persistence';
import { TestSchema } from '@rebound/testing';
import { qcMigrations } from '../../src/persistence/migrations';

export function useQcSchema(prefix: string): () => DataSource {
  let schema: TestSchema | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    schema = await TestSchema.create(prefix);
    dataSource = createSchemaDataSource({
      url: schema.url,
      schema: schema.name,
      applicationName: prefix,
      migrations: [...messagingMigrations, ...qcMigrations],
    });
    await dataSource.initialize();
    await runMigrations(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await schema?.drop();
  });
  return () => {
    if (!dataSource) throw new Error('the schema is ready only inside tests');
    return dataSource;
  };
}
