/** Connection URLs: the admin URL scripts use, and each service's URL with its own role. */

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/rebound';

export function adminDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(`database name "${name}" in the connection URL must be a lower-case identifier`);
  }
  return name;
}

/** The same server and database as `url`, as another role. */
export function withCredentials(url: string, role: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = password ? encodeURIComponent(password) : '';
  return parsed.toString();
}

/** The same server as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function quoteIdent(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * A service's own connection: `DATABASE_URL` when set (deployments give each service its own), else
 * the service's role on the local stack's server (`REBOUND_DB_SERVER`, default 127.0.0.1:5432/rebound)
 * with `REBOUND_DB_PASSWORD`. The stack runs migrations this way, so tables belong to the service role.
 */
export function serviceDatabaseUrl(role: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env['DATABASE_URL']) return env['DATABASE_URL'];
  return withCredentials(
    env['REBOUND_DB_SERVER'] || DEFAULT_DATABASE_URL,
    role,
    env['REBOUND_DB_PASSWORD'] || 'rebound',
  );
}
