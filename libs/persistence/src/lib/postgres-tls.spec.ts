import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSchemaDataSource } from './data-source.factory';
import { postgresConnection, postgresTlsProblems } from './postgres-tls';

/** A CA certificate whose key was thrown away: enough to be read as one, never to sign. */
const CA_FILE = join(__dirname, '../../test/fixtures/tls/ca.crt');
const CA = readFileSync(CA_FILE, 'utf8');
const REMOTE = 'postgres://app:secret@db.example.com:5432/rebound';

describe('postgresConnection', () => {
  it('connects without TLS when nothing asks for it', () => {
    expect(postgresConnection(REMOTE, {})).toEqual({ connectionString: REMOTE, ssl: false });
    expect(postgresConnection(`${REMOTE}?sslmode=disable`, {})).toEqual({ connectionString: REMOTE, ssl: false });
  });

  it('verifies the chain and the host name with verify-full and the CA in the URL, which keeps its other parameters', () => {
    const connection = postgresConnection(
      `${REMOTE}?connect_timeout=5&sslmode=verify-full&sslrootcert=${encodeURIComponent(CA_FILE)}`,
      {},
    );
    expect(connection).toEqual({
      connectionString: `${REMOTE}?connect_timeout=5`,
      ssl: { rejectUnauthorized: true, ca: CA },
    });
  });

  it('reads PGSSLMODE and PGSSLROOTCERT as libpq does', () => {
    expect(postgresConnection(REMOTE, { PGSSLMODE: 'verify-full', PGSSLROOTCERT: CA_FILE })).toEqual({
      connectionString: REMOTE,
      ssl: { rejectUnauthorized: true, ca: CA },
    });
  });

  it('takes each parameter from the URL before its variable', () => {
    const env = { PGSSLMODE: 'verify-full', PGSSLROOTCERT: '/nowhere/ca.crt' };
    expect(postgresConnection(`${REMOTE}?sslmode=disable`, env).ssl).toBe(false);
    expect(
      postgresConnection(`${REMOTE}?sslrootcert=${encodeURIComponent(CA_FILE)}`, { PGSSLMODE: 'verify-full' }).ssl,
    ).toEqual({ rejectUnauthorized: true, ca: CA });
  });

  it('checks the chain but not the name with verify-ca', () => {
    const ssl = postgresConnection(REMOTE, { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: CA_FILE }).ssl;
    expect(ssl).toMatchObject({ rejectUnauthorized: true, ca: CA });
    expect(ssl && ssl.checkServerIdentity?.()).toBeUndefined();
    expect(ssl && 'checkServerIdentity' in ssl).toBe(true);
  });

  it('trusts the CAs Node.js ships with sslrootcert=system, for verify-full only', () => {
    expect(postgresConnection(REMOTE, { PGSSLMODE: 'verify-full', PGSSLROOTCERT: 'system' }).ssl).toEqual({
      rejectUnauthorized: true,
    });
    expect(postgresTlsProblems(REMOTE, { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: 'system' })).toEqual([
      'PGSSLROOTCERT=system trusts every server a public CA vouches for, so it needs sslmode verify-full, not verify-ca',
    ]);
  });

  it('refuses verify-full and verify-ca without a CA, naming where to put one', () => {
    expect(postgresTlsProblems(REMOTE, { PGSSLMODE: 'verify-full' }, 'DATABASE_URL')).toEqual([
      `PGSSLMODE=verify-full needs the CA that signed the server's certificate: set PGSSLROOTCERT (or sslrootcert in DATABASE_URL) to its PEM file, or to "system" for the CAs Node.js trusts`,
    ]);
    expect(postgresTlsProblems(`${REMOTE}?sslmode=verify-ca`, {}, 'DATABASE_URL')).toEqual([
      expect.stringMatching(/^sslmode=verify-ca in DATABASE_URL needs the CA/),
    ]);
  });

  it('names the path of a CA file that is missing or holds no certificate', () => {
    expect(
      postgresTlsProblems(REMOTE, { PGSSLMODE: 'verify-full', PGSSLROOTCERT: '/etc/rebound/nope/ca.crt' }),
    ).toEqual(['PGSSLROOTCERT=/etc/rebound/nope/ca.crt: no such file']);
    expect(postgresTlsProblems(REMOTE, { PGSSLMODE: 'verify-full', PGSSLROOTCERT: __filename })).toEqual([
      `PGSSLROOTCERT=${__filename}: holds no PEM certificate`,
    ]);
  });

  it('refuses an sslmode it does not know, and the modes that fall back to plain text', () => {
    expect(postgresTlsProblems(REMOTE, { PGSSLMODE: 'verify_full' })).toEqual([
      'PGSSLMODE=verify_full is not an sslmode Rebound knows: use one of disable, require, verify-ca, verify-full',
    ]);
    for (const mode of ['allow', 'prefer']) {
      expect(postgresTlsProblems(`${REMOTE}?sslmode=${mode}`, {}, 'DATABASE_URL')).toEqual([
        `sslmode=${mode} in DATABASE_URL falls back to a plain connection without saying so, which Rebound refuses: use verify-full with a CA, or disable`,
      ]);
    }
  });

  it('encrypts without checking the server with require, on a loopback host only', () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      expect(postgresConnection(`postgres://app@${host}:5432/rebound`, { PGSSLMODE: 'require' }).ssl).toEqual({
        rejectUnauthorized: false,
      });
    }
    expect(postgresTlsProblems(REMOTE, { PGSSLMODE: 'require' }, 'REBOUND_DB_SERVER')).toEqual([
      'PGSSLMODE=require encrypts without checking who answers, so anything on the way to db.example.com can pose as the server: use verify-full with a CA in PGSSLROOTCERT (or sslrootcert in REBOUND_DB_SERVER); require is for loopback hosts only',
    ]);
  });

  it('checks the chain with require and a CA, as libpq does, wherever the server is', () => {
    const ssl = postgresConnection(REMOTE, { PGSSLMODE: 'require', PGSSLROOTCERT: CA_FILE }).ssl;
    expect(ssl).toMatchObject({ rejectUnauthorized: true, ca: CA });
    expect(ssl && 'checkServerIdentity' in ssl).toBe(true);
  });

  it('presents a client certificate given with its key', () => {
    const ssl = postgresConnection(REMOTE, {
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: CA_FILE,
      PGSSLCERT: CA_FILE,
      PGSSLKEY: __filename,
    }).ssl;
    expect(ssl).toEqual({ rejectUnauthorized: true, ca: CA, cert: CA, key: readFileSync(__filename, 'utf8') });
    expect(
      postgresTlsProblems(REMOTE, { PGSSLMODE: 'verify-full', PGSSLROOTCERT: CA_FILE, PGSSLCERT: CA_FILE }),
    ).toEqual(['PGSSLCERT=' + CA_FILE + ' needs its private key: set PGSSLKEY (or sslkey in the connection URL)']);
  });

  it('refuses a CA or certificate given without any sslmode, which would otherwise be ignored', () => {
    expect(postgresTlsProblems(REMOTE, { PGSSLROOTCERT: CA_FILE }, 'DATABASE_URL')).toEqual([
      `PGSSLROOTCERT=${CA_FILE} is set but no sslmode is, so nothing would use it: set PGSSLMODE (or sslmode in DATABASE_URL) to verify-full, or remove it`,
    ]);
  });

  it("refuses node-postgres's own ssl parameter, which would override sslmode", () => {
    expect(postgresTlsProblems(`${REMOTE}?ssl=true`, {}, 'DATABASE_URL')).toEqual([
      "ssl=true in DATABASE_URL is node-postgres's own parameter, which Rebound does not read: say sslmode=verify-full (or disable)",
    ]);
  });

  it('throws every problem at once, never the URL and its password', () => {
    expect(() =>
      postgresConnection(`${REMOTE}?sslmode=verify-full&sslcert=/missing/client.crt`, {}, 'DATABASE_URL'),
    ).toThrow(
      new Error(
        'Postgres TLS is misconfigured:\n' +
          `  - sslmode=verify-full in DATABASE_URL needs the CA that signed the server's certificate: set PGSSLROOTCERT (or sslrootcert in DATABASE_URL) to its PEM file, or to "system" for the CAs Node.js trusts\n` +
          '  - sslcert=/missing/client.crt in DATABASE_URL needs its private key: set PGSSLKEY (or sslkey in DATABASE_URL)\n' +
          '  - sslcert=/missing/client.crt in DATABASE_URL: no such file',
      ),
    );
    expect(postgresTlsProblems('postgres://app:secret@db:5432/rebound?sslmode=bogus', {}).join()).not.toContain(
      'secret',
    );
  });
});

describe('createSchemaDataSource', () => {
  it('hands TypeORM the TLS options and a URL node-postgres cannot read them from again', () => {
    const dataSource = createSchemaDataSource({
      url: `${REMOTE}?sslmode=verify-full&sslrootcert=${encodeURIComponent(CA_FILE)}`,
      schema: 'refunds',
    });
    expect(dataSource.options).toMatchObject({ url: REMOTE, ssl: { rejectUnauthorized: true, ca: CA } });
  });
});
