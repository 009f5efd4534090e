import { Writable } from 'node:stream';
import { createLogger } from './logger';
import {
  childSpan,
  formatTraceparent,
  parseTraceparent,
  runInWorkContext,
  traceparentForOutgoing,
} from './trace-context';

describe('trace context', () => {
  const header = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('reads a W3C traceparent and writes it back unchanged', () => {
    const trace = parseTraceparent(header);
    expect(trace).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true });
    expect(formatTraceparent(trace!)).toBe(header);
  });

  it.each([
    '',
    'garbage',
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
  ])('ignores an invalid traceparent %j', (value) => expect(parseTraceparent(value)).toBeUndefined());

  it('continues the current trace in what a unit of work sends out', () => {
    const parent = parseTraceparent(header)!;
    const outgoing = runInWorkContext({ trace: parent }, () => parseTraceparent(traceparentForOutgoing()));
    expect(outgoing?.traceId).toBe(parent.traceId);
    expect(outgoing?.spanId).not.toBe(parent.spanId);
  });

  it('starts a new trace outside any unit of work', () => {
    const a = parseTraceparent(traceparentForOutgoing());
    const b = parseTraceparent(traceparentForOutgoing());
    expect(a?.traceId).not.toBe(b?.traceId);
  });

  it('puts the service, trace id and return id on every log line written inside a unit of work', () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const logger = createLogger({ service: 'refunds', destination });
    const trace = childSpan();
    runInWorkContext({ trace, returnId: 'r-42', eventId: 'e-1' }, () => logger.info('handled'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({
      service: 'refunds',
      level: 'info',
      msg: 'handled',
      traceId: trace.traceId,
      returnId: 'r-42',
      eventId: 'e-1',
    });
    expect(lines[1]).not.toHaveProperty('traceId');
  });
});
