/**
 * A Postgres schema of its own for one test file, in the Rebound database the stack provisioned,
 * dropped at the end so runs never see each other's rows.
 */
import { Client } from 'pg';
import { uniqueName } from './unique-name';

// The testing library sits below every other library (their tests use it), so it reads the
// connection settings itself rather than importing them from @rebound/persistence.
export function testDatabaseUrl(): string {
  return process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/rebound';
}

function quoteIdent(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

export class TestSchema {
  private constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  static async create(prefix: string): Promise<TestSchema> {
    return TestSchema.createNamed(uniqueName(`it_${prefix}`));
  }

  /** A schema of exactly this name, for a process that derives its schemas' names itself. */
  static async createNamed(name: string): Promise<TestSchema> {
    const url = testDatabaseUrl();
    await TestSchema.admin(url, (client) => client.query(`CREATE SCHEMA ${quoteIdent(name)}`));
    return new TestSchema(name, url);
  }

  /** Runs SQL as the admin role with this schema first on the search path. */
  async query<T extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    return TestSchema.admin(this.url, async (client) => {
      await client.query(`SET search_path = ${quoteIdent(this.name)}`);
      return (await client.query(sql, params)).rows as T[];
    });
  }

  /**
   * A digest of every table's rows (migration bookkeeping left out), by table: equal before and
   * after means nothing in the schema changed.
   */
  async contentDigest(): Promise<Record<string, string>> {
    const tables = await this.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%migrations'
        ORDER BY table_name`,
    );
    const digest: Record<string, string> = {};
    for (const { table_name: table } of tables) {
      const [row] = await this.query<{ rows: string; md5: string | null }>(
        `SELECT count(*)::text AS rows, md5(string_agg(t::text, ',' ORDER BY t::text)) AS md5 FROM ${quoteIdent(table)} t`,
      );
      digest[table] = `${row.rows} rows ${row.md5 ?? ''}`;
    }
    return digest;
  }

  async drop(): Promise<void> {
    await TestSchema.admin(this.url, (client) =>
      client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(this.name)} CASCADE`),
    );
  }

  private static async admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`cannot reach Postgres at ${url} (${(error as Error).message}); run scripts/stack up first`);
    }
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}
