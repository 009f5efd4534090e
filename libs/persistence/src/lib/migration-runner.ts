/**
 * Applies a schema's pending migrations, one transaction each, under a Postgres advisory lock so
 * that replicas starting together never run the same migration twice. They run on the lock's own
 * connection with the session timeouts lifted: the pool's statement timeout is for requests and
 * events, not for building an index or waiting for another replica's migrations.
 */
import { DataSource, MigrationExecutor } from 'typeorm';

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
    await lockRunner.query('SET statement_timeout = 0');
    await lockRunner.query('SET idle_in_transaction_session_timeout = 0');
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
    const executor = new MigrationExecutor(dataSource, lockRunner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    for (const migration of applied) progress(`[${schema}] applied ${migration.name}`);
    progress(`[${schema}] ${applied.length === 0 ? 'up to date' : `${applied.length} migration(s) applied`}`);
    return { schema, applied: applied.map((migration) => migration.name) };
  } finally {
    await lockRunner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`rebound:migrate:${schema}`])
      .catch(() => undefined);
    // Back to the pool with the pool's own timeouts.
    await lockRunner.query('RESET statement_timeout').catch(() => undefined);
    await lockRunner.query('RESET idle_in_transaction_session_timeout').catch(() => undefined);
    await lockRunner.release();
  }
}

/** True when every migration the data source knows has been applied (a readiness condition). */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
