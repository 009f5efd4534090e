/**
 * Postgres over TLS, for real: a throwaway cluster of this test's own that accepts only TLS, with a
 * certificate naming `localhost` signed by a CA made for it (fixtures/tls-postgres.ts).
 */
import { Client } from 'pg';
import { createSchemaDataSource } from '../src/lib/data-source.factory';
import { postgresConnection } from '../src/lib/postgres-tls';
import { TlsPostgres, startTlsPostgres, tlsPostgresUnavailable } from './fixtures/tls-postgres';

const unavailable = tlsPostgresUnavailable();
const describeWithServer = unavailable ? describe.skip : describe;
if (unavailable) console.warn(`postgres-tls.int-spec skipped: ${unavailable}`);

describeWithServer('Postgres over TLS', () => {
  let server: TlsPostgres;

  beforeAll(async () => {
    server = await startTlsPostgres();
  }, 30_000);

  afterAll(() => server?.stop());

  function url(host: string, mode: string, ca = server.caFile): string {
    return `postgres://postgres@${host}:${server.port}/postgres?sslmode=${mode}&sslrootcert=${encodeURIComponent(ca)}`;
  }

  /** Whether this session is encrypted, as the server sees it. */
  async function sessionEncrypted(connectionUrl: string): Promise<boolean> {
    const client = new Client(postgresConnection(connectionUrl, {}));
    await client.connect();
    try {
      const { rows } = await client.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      return rows[0].ssl as boolean;
    } finally {
      await client.end();
    }
  }

  it('connects with verify-full to the name the certificate carries, encrypted', async () => {
    await expect(sessionEncrypted(url('localhost', 'verify-full'))).resolves.toBe(true);
  });

  it("connects a service's DataSource the same way", async () => {
    const dataSource = createSchemaDataSource({ url: url('localhost', 'verify-full'), schema: 'public' });
    await dataSource.initialize();
    try {
      const [{ ssl }] = await dataSource.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(ssl).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  });

  it('refuses, with verify-full, a server whose certificate does not name the host connected to', async () => {
    await expect(sessionEncrypted(url('127.0.0.1', 'verify-full'))).rejects.toThrow(
      /IP: 127\.0\.0\.1 is not in the cert's list/,
    );
  });

  it('accepts that server with verify-ca, which checks the chain only', async () => {
    await expect(sessionEncrypted(url('127.0.0.1', 'verify-ca'))).resolves.toBe(true);
  });

  it('refuses a server whose certificate another CA signed', async () => {
    await expect(sessionEncrypted(url('localhost', 'verify-full', server.strangerCaFile))).rejects.toThrow(
      /self[- ]signed certificate|unable to verify/,
    );
  });

  it('encrypts with require on loopback, checking nothing', async () => {
    await expect(
      sessionEncrypted(`postgres://postgres@127.0.0.1:${server.port}/postgres?sslmode=require`),
    ).resolves.toBe(true);
  });

  it('is refused by a server that takes only TLS when told sslmode=disable', async () => {
    await expect(
      sessionEncrypted(`postgres://postgres@localhost:${server.port}/postgres?sslmode=disable`),
    ).rejects.toThrow(/no encryption/);
  });
});
