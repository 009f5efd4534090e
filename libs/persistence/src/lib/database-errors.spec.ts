import { isSerializationConflict, isTransientDatabaseError } from './database-errors';

const failure = (code: string, message = 'failed') => Object.assign(new Error(message), { driverError: { code } });

describe('database errors', () => {
  it.each([
    ['a statement the statement timeout cancelled', failure('57014', 'canceling statement due to statement timeout')],
    ['a session ended for idling in a transaction', failure('25P03')],
    ['a lock not granted within lock_timeout', failure('55P03')],
    ['a serialization failure', failure('40001')],
    ['a lost connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    [
      'a query on a connection the server closed under a transaction',
      Object.assign(new Error('Database connection provided by a query runner was already released'), {
        name: 'QueryRunnerProviderAlreadyReleasedError',
      }),
    ],
  ])('treats %s as transient', (_what, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', failure('23505')],
    ['a syntax error', failure('42601')],
    ['something else', new Error('boom')],
  ])('does not treat %s as transient', (_what, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });

  it('reruns a transaction only for conflicts with another one, not for a cancelled statement', () => {
    expect(isSerializationConflict(failure('40P01'))).toBe(true);
    expect(isSerializationConflict(failure('57014'))).toBe(false);
  });
});
