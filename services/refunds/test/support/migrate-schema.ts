/** Takes a test schema to just after refunds' first `count` migrations, or undoes the last of them. */
import { createSchemaDataSource } from '@rebound/persistence';
import type { TestSchema } from '@rebound/testing';
import { refundsMigrations } from '../../src/persistence/migrations';

export async function migrateSchema(schema: TestSchema, count: number, undo = false): Promise<void> {
  const dataSource = createSchemaDataSource({
    url: schema.url,
    schema: schema.name,
    migrations: refundsMigrations.slice(0, count),
  });
  await dataSource.initialize();
  try {
    if (undo) await dataSource.undoLastMigration();
    else await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}
