// Nest's own log calls, as Nest makes them, come out as the service's JSON lines.
import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { createLogger } from '../lib/logger';
import { childSpan, runInWorkContext } from '../lib/trace-context';
import { NestPinoLogger } from './nest-pino-logger';

describe('Nest log lines', () => {
  let raw: string[];
  let adapter: NestPinoLogger;
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeEach(() => {
    raw = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        raw.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    adapter = new NestPinoLogger(createLogger({ service: 'refunds', level: 'trace', destination }));
    Logger.overrideLogger(adapter);
  });

  afterAll(() => Logger.overrideLogger(false));

  it('are one JSON object per line with the service, level, context and message', () => {
    new Logger('RoutesResolver').log('RefundsController {/v1/refunds}:');

    expect(raw).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      service: 'refunds',
      level: 'info',
      context: 'RoutesResolver',
      msg: 'RefundsController {/v1/refunds}:',
    });
    expect(typeof lines()[0]['time']).toBe('string');
  });

  it('keep Nest’s levels: warn, debug and fatal by name, verbose as trace', () => {
    const logger = new Logger('Levels');
    logger.warn('w');
    logger.debug('d');
    logger.verbose('v');
    logger.fatal('f');

    expect(lines().map(({ level, msg }) => [level, msg])).toEqual([
      ['warn', 'w'],
      ['debug', 'd'],
      ['trace', 'v'],
      ['fatal', 'f'],
    ]);
  });

  it('put an error’s stack in `err`, whether Nest passes the stack or the error itself', () => {
    const failure = new Error('connection refused');
    new Logger('ProblemDetailsFilter').error('GET /v1/refunds failed', failure.stack);
    new Logger('ExceptionsHandler').error(failure);
    Logger.error('static failure', failure.stack);

    const [withStack, withError, withoutContext] = lines();
    expect(withStack).toMatchObject({
      level: 'error',
      context: 'ProblemDetailsFilter',
      msg: 'GET /v1/refunds failed',
      err: { type: 'Error', message: 'GET /v1/refunds failed', stack: failure.stack },
    });
    expect(withError).toMatchObject({
      level: 'error',
      context: 'ExceptionsHandler',
      msg: 'connection refused',
      err: { type: 'Error', message: 'connection refused', stack: failure.stack },
    });
    expect(withoutContext).toMatchObject({ msg: 'static failure', err: { stack: failure.stack } });
    expect(withoutContext).not.toHaveProperty('context');
  });

  it('log an error without a stack as a plain error line', () => {
    new Logger('Persistence').error('database unreachable');

    expect(lines()[0]).toEqual(
      expect.objectContaining({ level: 'error', context: 'Persistence', msg: 'database unreachable' }),
    );
    expect(lines()[0]).not.toHaveProperty('err');
  });

  it('keep what is neither message nor context instead of dropping it', () => {
    new Logger('Policy').log({ version: 3 });
    new Logger('Policy').warn('loaded', { rules: 7 });

    expect(lines()[0]).toMatchObject({ context: 'Policy', data: { version: 3 } });
    expect(lines()[1]).toMatchObject({ context: 'Policy', msg: 'loaded', params: [{ rules: 7 }] });
  });

  it('carry the trace id and return id of the unit of work they are written in', () => {
    const trace = childSpan();
    runInWorkContext({ trace, returnId: 'r-42' }, () => new Logger('ReturnsController').log('approved'));

    expect(lines()[0]).toMatchObject({ context: 'ReturnsController', traceId: trace.traceId, returnId: 'r-42' });
  });

  it('honour the pino logger’s level', () => {
    const quiet = new NestPinoLogger(
      createLogger({
        service: 'refunds',
        level: 'warn',
        destination: new Writable({
          write(chunk, _encoding, done) {
            raw.push(chunk.toString());
            done();
          },
        }),
      }),
    );
    quiet.log('hidden');
    quiet.debug('hidden');
    quiet.warn('shown');

    expect(lines().map((line) => line['msg'])).toEqual(['shown']);
  });
});
