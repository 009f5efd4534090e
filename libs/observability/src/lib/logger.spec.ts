import { Writable } from 'node:stream';
import { createLogger, logStartFailure } from './logger';

describe('a service that cannot start', () => {
  const captured = () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    return { lines, destination };
  };

  it('says why in one fatal JSON line, even when LOG_LEVEL is silent', () => {
    const previous = process.env['LOG_LEVEL'];
    process.env['LOG_LEVEL'] = 'silent';
    try {
      const { lines, destination } = captured();
      logStartFailure('refunds', 'refunds: PAYMENT_PROVIDER_URL must be a URL', destination);
      expect(lines).toEqual([
        expect.objectContaining({
          service: 'refunds',
          level: 'fatal',
          msg: 'refunds: PAYMENT_PROVIDER_URL must be a URL',
        }),
      ]);
    } finally {
      if (previous === undefined) delete process.env['LOG_LEVEL'];
      else process.env['LOG_LEVEL'] = previous;
    }
  });

  it('logs an unexpected failure with its stack', () => {
    const { lines, destination } = captured();
    const failure = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    logStartFailure('inventory', failure, destination);
    expect(lines[0]).toMatchObject({
      level: 'fatal',
      msg: 'inventory could not start: connect ECONNREFUSED 127.0.0.1:5432',
      err: { message: failure.message, stack: failure.stack },
    });
  });
});

describe('a tool’s logger from LOG_LEVEL', () => {
  it('refuses a level pino does not know, naming the ones it does', () => {
    const previous = process.env['LOG_LEVEL'];
    process.env['LOG_LEVEL'] = 'verbose';
    try {
      expect(() => createLogger({ service: 'dlt' })).toThrow(
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"',
      );
    } finally {
      if (previous === undefined) delete process.env['LOG_LEVEL'];
      else process.env['LOG_LEVEL'] = previous;
    }
  });
});
