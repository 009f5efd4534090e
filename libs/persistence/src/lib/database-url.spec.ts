import { serviceDatabaseUrl } from './database-url';

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
