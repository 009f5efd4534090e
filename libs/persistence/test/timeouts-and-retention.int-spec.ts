import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { createLogger } from '@rebound/observability';
import { TestSchema } from '@rebound/testing';
import { RetentionJob, createSchemaDataSource, isTransientDatabaseError, runMigrations } from '../src';

class SlowMigration1764158400001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('SELECT pg_sleep(0.5)');
    await runner.query('CREATE TABLE retention_probe (id int PRIMARY KEY, at timestamptz NOT NULL)');
    await runner.query('CREATE INDEX retention_probe_at_idx ON retention_probe (at)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE retention_probe');
  }
}

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ service: 'retention-it', level: 'info', destination }), lines };
}

describe('session timeouts and retention on a real Postgres', () => {
  let schema: TestSchema;
  const dataSource = (poolSize = 10) =>
    createSchemaDataSource({
      url: schema.url,
      schema: schema.name,
      migrations: [SlowMigration1764158400001],
      statementTimeoutMs: 200,
      idleInTransactionTimeoutMs: 300,
      poolSize,
    });

  beforeAll(async () => {
    schema = await TestSchema.create('timeouts');
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('migrates past the statement timeout, and gives the connection back to the pool with the timeouts on', async () => {
    // One connection: the migrations run on the lock's, which then serves the query below.
    const ds = dataSource(1);
    await ds.initialize();
    try {
      expect((await runMigrations(ds)).applied).toEqual(['SlowMigration1764158400001']);
      expect(
        await ds.query(
          `SELECT current_setting('statement_timeout') AS statement,
                  current_setting('idle_in_transaction_session_timeout') AS idle`,
        ),
      ).toEqual([{ statement: '200ms', idle: '300ms' }]);
    } finally {
      await ds.destroy();
    }
  });

  it('cancels a statement that runs longer than the timeout, as a transient error', async () => {
    const ds = dataSource();
    await ds.initialize();
    try {
      const started = Date.now();
      const error = await ds.query('SELECT pg_sleep(5)').catch((caught: unknown) => caught);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(error).toMatchObject({ driverError: { code: '57014' } });
      expect(isTransientDatabaseError(error)).toBe(true);
      expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await ds.destroy();
    }
  });

  it('ends a transaction left idle longer than its timeout, as a transient error, and the pool goes on', async () => {
    const ds = dataSource();
    await ds.initialize();
    try {
      const error = await ds
        .transaction(async (manager) => {
          await manager.query('SELECT 1');
          await sleep(800);
          await manager.query('SELECT 1');
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(isTransientDatabaseError(error)).toBe(true);
      expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await ds.destroy();
    }
  });

  it('refuses a timeout that is not a whole number of milliseconds', () => {
    expect(() => createSchemaDataSource({ url: schema.url, schema: schema.name, statementTimeoutMs: 1.5 })).toThrow(
      'statementTimeoutMs must be a whole number of milliseconds, 0 or more (0: no limit)',
    );
  });

  it('deletes rows past their retention in slices, keeps the recent ones, and a failing rule stops no other', async () => {
    const ds = dataSource();
    await ds.initialize();
    const { logger, lines } = capturingLogger();
    try {
      await runMigrations(ds);
      await schema.query(`
        INSERT INTO retention_probe (id, at)
        SELECT n, now() - CASE WHEN n <= 12 THEN interval '10 days' ELSE interval '1 day' END
          FROM generate_series(1, 15) AS n`);
      const job = new RetentionJob({
        dataSource: ds,
        logger,
        sliceSize: 5,
        rules: [
          {
            name: 'broken',
            retentionMs: 1,
            deleteSlice: 'DELETE FROM no_such_table WHERE $1::timestamptz < now() AND $2 > 0',
          },
          {
            name: 'retention_probe',
            retentionMs: 5 * 24 * 3600_000,
            deleteSlice: `DELETE FROM retention_probe WHERE ctid = ANY(ARRAY(
                            SELECT ctid FROM retention_probe WHERE at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`,
          },
        ],
      });

      expect(await job.run()).toEqual({ broken: 0, retention_probe: 12 });
      expect((await schema.query('SELECT id FROM retention_probe ORDER BY id')).map((row) => row['id'])).toEqual([
        13, 14, 15,
      ]);
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          rule: 'broken',
          msg: expect.stringContaining('retention clean-up failed'),
        }),
      );
      expect(lines).toContainEqual(expect.objectContaining({ level: 'info', rule: 'retention_probe', deleted: 12 }));
      expect(await job.run()).toEqual({ broken: 0, retention_probe: 0 });
    } finally {
      await ds.destroy();
    }
  });
});
