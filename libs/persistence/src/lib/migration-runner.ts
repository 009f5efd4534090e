/**
 * Applies a schema's pending migrations, one transaction each, under a Postgres advisory lock so
 * that replicas starting together never run the same migration twice.
 */
import { DataSource } from 'typeorm';

export interface MigrationProgress {
  (line: string): void;
}

export interface MigrationResult {
  readonly schema: string;
  readonly applied: string[];
}

function schemaOf(dataSource: DataSource): string {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('the data source has no schema; create it with createSchemaDataSource');
  return schema;
}

export async function runMigrations(
  dataSource: DataSource,
  progress: MigrationProgress = () => undefined,
): Promise<MigrationResult> {
  const schema = schemaOf(dataSource);
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    const lockKey = `rebound:migrate:${schema}`;
    const [{ locked }] = await lockRunner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockKey]);
    // Said only when another process holds it (a replica migrating), so a start says one line per schema.
    if (!locked) {
      progress(`[${schema}] another process is migrating: waiting for the migration lock`);
      await lockRunner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    }
    const [{ exists }] = await lockRunner.query(
      'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists',
      [schema],
    );
    if (!exists) {
      throw new Error(`schema "${schema}" does not exist: provision the database first (scripts/stack up)`);
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) progress(`[${schema}] applied ${migration.name}`);
    progress(`[${schema}] ${applied.length === 0 ? 'up to date' : `${applied.length} migration(s) applied`}`);
    return { schema, applied: applied.map((migration) => migration.name) };
  } finally {
    await lockRunner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`rebound:migrate:${schema}`])
      .catch(() => undefined);
    await lockRunner.release();
  }
}

/** True when every migration the data source knows has been applied (a readiness condition). */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
