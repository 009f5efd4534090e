/** Connection URLs: the admin URL scripts use, and each service's URL with its own role. */
import { postgresTlsProblems } from './postgres-tls';

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

/**
 * What is wrong with the TLS settings of the service's own connection (postgresTlsProblems), naming
 * the variable its URL comes from: for the service's start-up check of its environment.
 */
export function serviceDatabaseTlsProblems(role: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const urlName = env['DATABASE_URL'] ? 'DATABASE_URL' : 'REBOUND_DB_SERVER';
  let url: string;
  try {
    url = serviceDatabaseUrl(role, env);
  } catch {
    return [`${urlName} is not a valid URL`];
  }
  return postgresTlsProblems(url, env, urlName);
}
