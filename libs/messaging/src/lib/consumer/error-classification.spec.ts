import { InvalidEventError } from '@rebound/contracts';
import { PermanentError, TransientError, classifyError, errorName } from './error-classification';

describe('error classification', () => {
  it.each([
    ['a PermanentError', new PermanentError('refund exceeds what was paid'), 'permanent'],
    ['an invalid event', new InvalidEventError('invalid-payload', 'bad'), 'permanent'],
    ['a TransientError', new TransientError('payment provider busy'), 'transient'],
    ['a serialization failure', Object.assign(new Error('could not serialize access'), { code: '40001' }), 'transient'],
    [
      'a deadlock inside a TypeORM error',
      Object.assign(new Error('deadlock'), { driverError: { code: '40P01' } }),
      'transient',
    ],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'transient'],
    [
      'a unique violation (a bug, retried a bounded number of times)',
      Object.assign(new Error('duplicate key'), { code: '23505' }),
      'transient',
    ],
    [
      'a non-retriable Kafka error',
      Object.assign(new Error('topic authorization failed'), { retriable: false }),
      'permanent',
    ],
  ])('treats %s as %s', (_what, error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });

  it('names errors by their class for the dead-letter headers', () => {
    expect(errorName(new PermanentError('x'))).toBe('PermanentError');
    expect(errorName(new TypeError('x'))).toBe('TypeError');
    class LedgerClosed extends Error {}
    expect(errorName(new LedgerClosed('x'))).toBe('LedgerClosed');
    expect(errorName('a string')).toBe('string');
  });
});
