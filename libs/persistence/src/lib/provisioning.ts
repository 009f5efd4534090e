/**
 * Creates the Rebound database and, per service, a login role that owns one schema and can use
 * nothing else: no other service's schema, not `public`, no new schemas. Safe to run again.
 */
import { Client } from 'pg';
import { databaseName, quoteIdent, withDatabase } from './database-url';
import { postgresConnection } from './postgres-tls';

export interface SchemaOwner {
  readonly schema: string;
  readonly role: string;
  readonly password: string;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(postgresConnection(url));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function provisionDatabase(
  adminUrl: string,
  owners: readonly SchemaOwner[],
  progress: (line: string) => void = () => undefined,
): Promise<void> {
  const database = databaseName(adminUrl);
  await withClient(withDatabase(adminUrl, 'postgres'), async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
      progress(`created database ${database}`);
    } else {
      progress(`database ${database} exists`);
    }
  });

  await withClient(adminUrl, async (client) => {
    await client.query(`REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`);
    await client.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
    for (const owner of owners) {
      const role = quoteIdent(owner.role);
      const schema = quoteIdent(owner.schema);
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [owner.role]);
      const verb = rowCount === 0 ? 'CREATE' : 'ALTER';
      await client.query(
        `${verb} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(owner.password)}`,
      );
      await client.query(`GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${role}`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${role}`);
      await client.query(`ALTER SCHEMA ${schema} OWNER TO ${role}`);
      await client.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
      await client.query(`ALTER ROLE ${role} IN DATABASE ${quoteIdent(database)} SET search_path = ${schema}`);
      progress(`role ${owner.role} owns schema ${owner.schema}`);
    }
  });
}
