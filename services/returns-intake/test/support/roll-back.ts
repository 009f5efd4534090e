/**
 * For upgrade tests: undoes one of returns-intake's migrations on a test schema, leaving the tables
 * as the service wrote them before it, so the test can write rows the old way and migrate again.
 */
import type { MigrationInterface } from 'typeorm';
import { messagingMigrations } from '@rebound/messaging';
import { createSchemaDataSource } from '@rebound/persistence';
import type { TestSchema } from '@rebound/testing';
import { intakeMigrations } from '../../src/persistence/migrations';

export async function rollBackMigration(schema: TestSchema, migration: new () => MigrationInterface): Promise<void> {
  const dataSource = createSchemaDataSource({
    url: schema.url,
    schema: schema.name,
    migrations: [...messagingMigrations, ...intakeMigrations],
  });
  await dataSource.initialize();
  try {
    await dataSource.transaction(async (manager) => {
      await new migration().down(manager.queryRunner!);
      await manager.query('DELETE FROM migrations WHERE name = $1', [migration.name]);
    });
  } finally {
    await dataSource.destroy();
  }
}
