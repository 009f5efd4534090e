/**
 * Applies pending migrations for one or more services:
 *   node -r @swc-node/register libs/persistence/src/cli/migrate.ts services/<name>/src/persistence/data-source.ts
 * Each file default-exports the service's DataSource (see createSchemaDataSource).
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { runMigrations } from '../lib/migration-runner';

async function main(files: string[]): Promise<void> {
  if (files.length === 0) {
    throw new Error('usage: migrate <data-source file> [<data-source file> ...]');
  }
  for (const file of files) {
    const loaded = require(resolve(file)) as { default?: unknown };
    const dataSource = loaded.default;
    if (!(dataSource instanceof DataSource)) {
      throw new Error(`${file} must default-export a TypeORM DataSource`);
    }
    await dataSource.initialize();
    try {
      await runMigrations(dataSource, (line) => console.log(line));
    } finally {
      await dataSource.destroy();
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
