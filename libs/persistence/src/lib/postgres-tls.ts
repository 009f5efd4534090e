/**
 * TLS for every Postgres connection Rebound makes, configured as libpq is: `sslmode`, `sslrootcert`,
 * `sslcert` and `sslkey` in the connection URL, each falling back to its environment variable
 * (PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY). What comes out is node-postgres's `ssl` option
 * and the URL without those parameters: left in, node-postgres would read them again and replace
 * `ssl` with its own reading, in which `require` checks against Node's public CAs and `verify-full`
 * needs no CA at all.
 *
 * - `disable`, the default: no TLS (the local stack, on loopback).
 * - `verify-full`: the server's certificate must chain to the CA in sslrootcert and name the host.
 * - `verify-ca`: the chain only, for a server reached at a name its certificate does not carry.
 * - `require`: encrypted but the server unchecked, which keeps out only a passive eavesdropper, so
 *   refused unless the host is a loopback address. Given a CA it checks the chain, as libpq's does.
 * - `allow`, `prefer`: refused; they fall back to plain text without saying so.
 *
 * `sslrootcert=system` trusts the CAs Node.js ships (libpq 16's spelling), with verify-full only.
 * Every problem is reported at once, naming the variable or URL it came from. Files are read when
 * a connection is configured (at start), so a renewed CA or certificate takes effect on a restart.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;

/** What node-postgres's Client and Pool take (and TypeORM as `url` and `ssl`). */
export interface PostgresConnection {
  /** The URL without its TLS parameters. */
  readonly connectionString: string;
  readonly ssl: false | PostgresTlsOptions;
}

/** Options of Node's tls.connect, which node-postgres passes on. */
export interface PostgresTlsOptions {
  /** False only for `require` on a loopback host. */
  rejectUnauthorized: boolean;
  /** Unset: the CAs Node.js trusts (`sslrootcert=system`, or `require` unchecked). */
  ca?: string;
  cert?: string;
  key?: string;
  /** A check that passes any name, where only the chain is checked. */
  checkServerIdentity?: () => undefined;
}

/** Each URL parameter and the environment variable it falls back to. */
const PARAMETERS = {
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
} as const;
type Parameter = keyof typeof PARAMETERS;

interface Setting {
  readonly value: string;
  /** How a problem names it: `PGSSLMODE=require`, or `sslmode=require in DATABASE_URL`. */
  readonly named: string;
}

/**
 * The connection to `url` with TLS as configured; throws naming every problem.
 * @param urlName how problems name the URL (`DATABASE_URL`).
 */
export function postgresConnection(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  urlName = 'the connection URL',
): PostgresConnection {
  const { problems, connection } = resolve(url, env, urlName);
  if (!connection) throw new Error(`Postgres TLS is misconfigured:\n  - ${problems.join('\n  - ')}`);
  return connection;
}

/** What is wrong with the TLS settings of a connection to `url` (none: empty), for a start-up check. */
export function postgresTlsProblems(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  urlName = 'the connection URL',
): string[] {
  return resolve(url, env, urlName).problems;
}

function resolve(
  url: string,
  env: NodeJS.ProcessEnv,
  urlName: string,
): { readonly problems: string[]; readonly connection?: PostgresConnection } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problems: [`${urlName} is not a valid URL`] };
  }
  const given: Partial<Record<Parameter, Setting>> = {};
  for (const [parameter, variable] of Object.entries(PARAMETERS) as [Parameter, string][]) {
    const fromUrl = parsed.searchParams.get(parameter);
    const fromEnv = env[variable];
    if (fromUrl) given[parameter] = { value: fromUrl, named: `${parameter}=${fromUrl} in ${urlName}` };
    else if (fromEnv) given[parameter] = { value: fromEnv, named: `${variable}=${fromEnv}` };
    parsed.searchParams.delete(parameter);
  }
  const problems: string[] = [];
  const ssl = parsed.searchParams.get('ssl');
  if (ssl !== null) {
    problems.push(
      `ssl=${ssl} in ${urlName} is node-postgres's own parameter, which Rebound does not read: say sslmode=verify-full (or disable)`,
    );
  }
  const host = parsed.searchParams.get('host') ?? parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const where = (parameter: Parameter) => `${PARAMETERS[parameter]} (or ${parameter} in ${urlName})`;
  const options = tlsOptions(given, host, where, problems);
  return problems.length > 0
    ? { problems }
    : { problems, connection: { connectionString: parsed.toString(), ssl: options } };
}

function tlsOptions(
  given: Partial<Record<Parameter, Setting>>,
  host: string,
  where: (parameter: Parameter) => string,
  problems: string[],
): false | PostgresTlsOptions {
  const { sslmode: mode, sslrootcert: rootCert, sslcert: cert, sslkey: key } = given;
  if (!mode) {
    const stray = rootCert ?? cert ?? key;
    if (stray) {
      problems.push(
        `${stray.named} is set but no sslmode is, so nothing would use it: set ${where('sslmode')} to verify-full, or remove it`,
      );
    }
    return false;
  }
  if (!(SSL_MODES as readonly string[]).includes(mode.value)) {
    problems.push(
      mode.value === 'allow' || mode.value === 'prefer'
        ? `${mode.named} falls back to a plain connection without saying so, which Rebound refuses: use verify-full with a CA, or disable`
        : `${mode.named} is not an sslmode Rebound knows: use one of ${SSL_MODES.join(', ')}`,
    );
    return false;
  }
  if (mode.value === 'disable') return false;

  const options: PostgresTlsOptions = { rejectUnauthorized: true };
  if (rootCert?.value === 'system') {
    if (mode.value !== 'verify-full') {
      problems.push(
        `${rootCert.named} trusts every server a public CA vouches for, so it needs sslmode verify-full, not ${mode.value}`,
      );
    }
  } else if (rootCert) {
    options.ca = readPem(rootCert, problems);
  } else if (mode.value === 'require') {
    if (!isLoopback(host)) {
      problems.push(
        `${mode.named} encrypts without checking who answers, so anything on the way to ${host} can pose as the server: use verify-full with a CA in ${where('sslrootcert')}; require is for loopback hosts only`,
      );
    }
    options.rejectUnauthorized = false;
  } else {
    problems.push(
      `${mode.named} needs the CA that signed the server's certificate: set ${where('sslrootcert')} to its PEM file, or to "system" for the CAs Node.js trusts`,
    );
  }
  if (cert && !key) problems.push(`${cert.named} needs its private key: set ${where('sslkey')}`);
  if (key && !cert) problems.push(`${key.named} needs its certificate: set ${where('sslcert')}`);
  if (cert) options.cert = readPem(cert, problems);
  if (key) options.key = readText(key, problems);
  // The chain is checked, the name is not: verify-ca, and require with a CA as libpq has it.
  if (mode.value !== 'verify-full' && options.rejectUnauthorized) options.checkServerIdentity = () => undefined;
  return options;
}

function readText(setting: Setting, problems: string[]): string | undefined {
  try {
    return readFileSync(setting.value, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(`${setting.named}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? error})`}`);
    return undefined;
  }
}

function readPem(setting: Setting, problems: string[]): string | undefined {
  const text = readText(setting, problems);
  if (text === undefined) return undefined;
  try {
    new X509Certificate(text);
  } catch {
    problems.push(`${setting.named}: holds no PEM certificate`);
  }
  return text;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
