import { serviceDatabaseTlsProblems, serviceDatabaseUrl } from './database-url';

describe('serviceDatabaseUrl', () => {
  it('uses DATABASE_URL as it is when a deployment sets it', () => {
    expect(serviceDatabaseUrl('rebound_returns', { DATABASE_URL: 'postgres://app:secret@db:5432/prod' })).toBe(
      'postgres://app:secret@db:5432/prod',
    );
  });

  it('otherwise connects as the service role to the local stack server, with the stack password', () => {
    expect(serviceDatabaseUrl('rebound_returns', {})).toBe('postgres://rebound_returns:rebound@127.0.0.1:5432/rebound');
    expect(
      serviceDatabaseUrl('rebound_refunds', {
        REBOUND_DB_SERVER: 'postgres://admin:x@pg.local:6543/rebound_dev',
        REBOUND_DB_PASSWORD: 'p@ss',
      }),
    ).toBe('postgres://rebound_refunds:p%40ss@pg.local:6543/rebound_dev');
  });
});

describe('serviceDatabaseTlsProblems', () => {
  it('names the variable the connection URL comes from', () => {
    expect(
      serviceDatabaseTlsProblems('rebound_refunds', {
        DATABASE_URL: 'postgres://app@db:5432/prod?sslmode=verify-full',
      }),
    ).toEqual([
      expect.stringMatching(/^sslmode=verify-full in DATABASE_URL needs the CA .* sslrootcert in DATABASE_URL\)/),
    ]);
    expect(
      serviceDatabaseTlsProblems('rebound_refunds', { REBOUND_DB_SERVER: 'postgres://db:5432/prod?sslmode=prefer' }),
    ).toEqual([expect.stringMatching(/^sslmode=prefer in REBOUND_DB_SERVER falls back to a plain connection/)]);
  });

  it('finds nothing wrong with the local stack, which has no TLS', () => {
    expect(serviceDatabaseTlsProblems('rebound_refunds', {})).toEqual([]);
  });

  it('reports a server URL it cannot read instead of throwing', () => {
    expect(serviceDatabaseTlsProblems('rebound_refunds', { REBOUND_DB_SERVER: 'postgres://db:port/x' })).toEqual([
      'REBOUND_DB_SERVER is not a valid URL',
    ]);
  });
});
