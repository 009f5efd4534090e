import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TestSchema, TsProcess, testDatabaseUrl } from '@rebound/testing';
import {
  createSchemaDataSource,
  inTransaction,
  migrationsApplied,
  provisionDatabase,
  runMigrations,
  withCredentials,
  withDatabase,
} from '../src';
import { CreateParcelScan1764158400000 } from './fixtures/parcel-scan';

@Entity({ name: 'parcel_scan' })
class ParcelScan {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') trackingNumber!: string;
  @Column('int') scanCount!: number;
}

describe('persistence on a real Postgres', () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await TestSchema.create('persistence');
  });

  afterAll(async () => {
    await schema.drop();
  });

  function dataSource() {
    return createSchemaDataSource({
      url: schema.url,
      schema: schema.name,
      entities: [ParcelScan],
      migrations: [CreateParcelScan1764158400000],
    });
  }

  it('applies each migration once even when replicas migrate at the same moment, and keeps the migrations table in the schema', async () => {
    const replicas = [dataSource(), dataSource(), dataSource()];
    await Promise.all(replicas.map((ds) => ds.initialize()));
    try {
      expect(await migrationsApplied(replicas[0])).toBe(false);
      const results = await Promise.all(replicas.map((ds) => runMigrations(ds)));
      expect(results.flatMap((result) => result.applied)).toEqual(['CreateParcelScan1764158400000']);
      expect(await migrationsApplied(replicas[0])).toBe(true);
      const tables = await schema.query<{ table_schema: string; table_name: string }>(
        `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
        [schema.name],
      );
      expect(tables.map((t) => t.table_name)).toEqual(['migrations', 'parcel_scan']);
    } finally {
      await Promise.all(replicas.map((ds) => ds.destroy()));
    }
  });

  it('maps camelCase properties to snake_case columns and resolves unqualified SQL in the service schema', async () => {
    const ds = dataSource();
    await ds.initialize();
    try {
      const id = '6f1c1f9e-4c1a-4d8e-9a55-0d1f6c6e2a10';
      await ds.getRepository(ParcelScan).save({ id, trackingNumber: 'TRK-1', scanCount: 1 });
      expect(await ds.query('SELECT tracking_number, scan_count FROM parcel_scan WHERE id = $1', [id])).toEqual([
        { tracking_number: 'TRK-1', scan_count: 1 },
      ]);
    } finally {
      await ds.destroy();
    }
  });

  it('runs a transaction again when Postgres aborts it for a serialization conflict, so no update is lost', async () => {
    const ds = dataSource();
    await ds.initialize();
    try {
      const id = '0b8e7f5a-8d7e-4c55-b1b4-3f3e5f1b2c11';
      await ds.getRepository(ParcelScan).save({ id, trackingNumber: 'TRK-2', scanCount: 0 });
      let attempts = 0;
      await Promise.all(
        Array.from({ length: 8 }, () =>
          inTransaction(
            ds,
            async (manager) => {
              attempts++;
              const [row] = await manager.query('SELECT scan_count FROM parcel_scan WHERE id = $1', [id]);
              await manager.query('UPDATE parcel_scan SET scan_count = $2 WHERE id = $1', [id, row.scan_count + 1]);
            },
            { isolation: 'SERIALIZABLE', conflictRetries: 20 },
          ),
        ),
      );
      const [row] = await ds.query('SELECT scan_count FROM parcel_scan WHERE id = $1', [id]);
      expect(row.scan_count).toBe(8);
      expect(attempts).toBeGreaterThan(8);
    } finally {
      await ds.destroy();
    }
  });

  it('says it waits for the migration lock only while another process holds it', async () => {
    const holder = new Client({ connectionString: schema.url });
    await holder.connect();
    const ds = dataSource();
    await ds.initialize();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtext($1))', [`rebound:migrate:${schema.name}`]);
      const lines: string[] = [];
      const migrating = runMigrations(ds, (line) => lines.push(line));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(lines).toEqual([`[${schema.name}] another process is migrating: waiting for the migration lock`]);
      await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [`rebound:migrate:${schema.name}`]);
      await migrating;
      expect(lines.slice(1)).toEqual([`[${schema.name}] up to date`]);
    } finally {
      await ds.destroy();
      await holder.end();
    }
  });

  it('migrates from the command line, reporting what it applied, and reports up to date the second time', async () => {
    const cliSchema = await TestSchema.create('persistence_cli');
    try {
      const run = async () => {
        const cli = TsProcess.spawn(
          'libs/persistence/src/cli/migrate.ts',
          { DATABASE_URL: cliSchema.url, IT_SCHEMA: cliSchema.name },
          'migrate',
          ['libs/persistence/test/fixtures/parcel.data-source.ts'],
        );
        return { exit: await cli.exited, lines: cli.lines };
      };
      const first = await run();
      expect(first.exit.code).toBe(0);
      expect(first.lines).toContain(`[${cliSchema.name}] applied CreateParcelScan1764158400000`);
      const second = await run();
      expect(second.exit.code).toBe(0);
      // One line per schema: the lock is not mentioned when nobody else holds it.
      expect(second.lines).toEqual([`[${cliSchema.name}] up to date`]);
    } finally {
      await cliSchema.drop();
    }
  });

  it('refuses a migrate command line without a data-source module', async () => {
    const cli = TsProcess.spawn('libs/persistence/src/cli/migrate.ts', {}, 'migrate');
    expect((await cli.exited).code).toBe(1);
    expect(cli.lines).toContain('migration failed: usage: migrate <data-source file> [<data-source file> ...]');
  });

  it('refuses to migrate a schema that was never provisioned, saying what to do', async () => {
    const ds = createSchemaDataSource({ url: schema.url, schema: 'never_provisioned_schema', migrations: [] });
    await ds.initialize();
    try {
      await expect(runMigrations(ds)).rejects.toThrow(
        'schema "never_provisioned_schema" does not exist: provision the database first (scripts/stack up)',
      );
    } finally {
      await ds.destroy();
    }
  });
});

describe('provisioning', () => {
  const suffix = randomBytes(3).toString('hex');
  const database = `rebound_it_${suffix}`;
  const adminUrl = withDatabase(testDatabaseUrl(), database);
  const owners = [
    { schema: 'alpha', role: `rebound_it_${suffix}_alpha`, password: 'alpha-secret' },
    { schema: 'beta', role: `rebound_it_${suffix}_beta`, password: "it's-secret" },
  ];

  async function as<T>(role: string, password: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: withCredentials(adminUrl, role, password) });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    const client = new Client({ connectionString: withDatabase(testDatabaseUrl(), 'postgres') });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    for (const owner of owners) await client.query(`DROP ROLE IF EXISTS ${owner.role}`);
    await client.end();
  });

  it('creates the database and lets each service role use only its own schema, and can run again', async () => {
    await provisionDatabase(adminUrl, owners);
    await provisionDatabase(adminUrl, owners);

    await as(owners[0].role, owners[0].password, async (alpha) => {
      await alpha.query('CREATE TABLE refund (id int PRIMARY KEY)');
      await alpha.query('INSERT INTO refund VALUES (1)');
      expect((await alpha.query('SELECT current_schema() AS s')).rows[0].s).toBe('alpha');
    });
    await as(owners[1].role, owners[1].password, async (beta) => {
      await expect(beta.query('SELECT * FROM alpha.refund')).rejects.toThrow(/permission denied for schema alpha/);
      await expect(beta.query('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(
        /permission denied for schema public/,
      );
      await expect(beta.query('CREATE SCHEMA gamma')).rejects.toThrow(/permission denied for database/);
      await beta.query('CREATE TABLE beta.own (id int)');
    });
  });
});
