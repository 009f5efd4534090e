import { InvalidEventError } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { PermanentError, TransientError, classifyError, errorMessage, errorName } from './error-classification';

describe('error classification', () => {
  it.each([
    ['a PermanentError', 'permanent', new PermanentError('refund exceeds what was paid')],
    ['an invalid event', 'permanent', new InvalidEventError('invalid-payload', 'bad')],
    [
      'a use case refusing the event',
      'permanent',
      new DomainError('conflict', 'refund-already-issued', 'the refund was already issued'),
    ],
    [
      'a use case whose dependency is down',
      'transient',
      new DomainError('unavailable', 'provider-unavailable', 'the payment provider is unavailable'),
    ],
    ['a TransientError', 'transient', new TransientError('payment provider busy')],
    ['a serialization failure', 'transient', Object.assign(new Error('could not serialize access'), { code: '40001' })],
    [
      'a deadlock inside a TypeORM error',
      'transient',
      Object.assign(new Error('deadlock'), { driverError: { code: '40P01' } }),
    ],
    [
      'a statement the statement timeout cancelled',
      'transient',
      Object.assign(new Error('canceling statement due to statement timeout'), { driverError: { code: '57014' } }),
    ],
    ['a refused connection', 'transient', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    [
      'a unique violation (a bug, retried a bounded number of times)',
      'transient',
      Object.assign(new Error('duplicate key'), { code: '23505' }),
    ],
    [
      'a non-retriable Kafka error',
      'permanent',
      Object.assign(new Error('topic authorization failed'), { name: 'KafkaJSProtocolError', retriable: false }),
    ],
    [
      'Kafka out of reach after the client’s own retries',
      'transient',
      Object.assign(new Error('Connection error: connect ECONNREFUSED'), {
        name: 'KafkaJSNumberOfRetriesExceeded',
        retriable: false,
      }),
    ],
    ['another library error flagged not retriable', 'transient', Object.assign(new Error('x'), { retriable: false })],
  ])('treats %s as %s', (_what, expected, error) => {
    expect(classifyError(error)).toBe(expected);
  });

  it('names errors by their class for the dead-letter headers', () => {
    expect(errorName(new PermanentError('x'))).toBe('PermanentError');
    expect(errorName(new TypeError('x'))).toBe('TypeError');
    class LedgerClosed extends Error {}
    expect(errorName(new LedgerClosed('x'))).toBe('LedgerClosed');
    expect(errorName('a string')).toBe('string');
  });

  it('says in the dead letter which fields a use case refused, so whoever reads it knows what to fix', () => {
    const refusal = new DomainError('conflict', 'order-conflicts-with-returns', 'returns already refer to it', {
      problems: [{ field: 'lines[0].unitPriceMinor', message: 'cannot change' }],
    });
    expect(errorMessage(refusal)).toBe('returns already refer to it (lines[0].unitPriceMinor: cannot change)');
    expect(errorMessage(new DomainError('not-found', 'return-not-found', 'no such return'))).toBe('no such return');
  });
});
