import { InvalidConfigError } from '@rebound/kernel';
import { Services } from '@rebound/contracts';
import { ServiceEnvironment, readServiceEnvironment } from './service-environment';

class RefundsLikeEnvironment extends ServiceEnvironment {
  override DATABASE_SCHEMA = Services.refunds.schema;
}

function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readServiceEnvironment(Services.refunds, RefundsLikeEnvironment, env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('readServiceEnvironment', () => {
  it("reports the database's TLS settings together with the other bad variables", () => {
    expect(
      problems({
        HTTP_PORT: 'eighty',
        REBOUND_DB_SERVER: 'postgres://rebound-db-rw.postgres.svc:5432/rebound',
        PGSSLMODE: 'verify-full',
      }),
    ).toEqual([
      expect.stringMatching(/^HTTP_PORT="eighty"/),
      `PGSSLMODE=verify-full needs the CA that signed the server's certificate: set PGSSLROOTCERT (or sslrootcert in REBOUND_DB_SERVER) to its PEM file, or to "system" for the CAs Node.js trusts`,
    ]);
    expect(problems({ PGSSLMODE: 'verify-full', PGSSLROOTCERT: '/etc/rebound/postgres-ca/ca.crt' })).toEqual([
      'PGSSLROOTCERT=/etc/rebound/postgres-ca/ca.crt: no such file',
    ]);
  });

  it('starts on the local stack without TLS, and with require on its loopback server', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ PGSSLMODE: 'require' })).toEqual([]);
  });
});
