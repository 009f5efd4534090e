/**
 * Nest's own log lines (bootstrap, route mapping, exceptions, every `new Logger(context)`) as the
 * same JSON lines as the rest of the service: written through its pino logger, so they carry the
 * service, the level it was configured with and, inside a unit of work, the trace and return ids.
 */
import type { LoggerService } from '@nestjs/common';
import type { Level } from 'pino';
import type { Logger } from '../lib/logger';

// What Nest's ConsoleLogger takes for a stack trace rather than a context name.
const STACK = /^(.)+\n\s+at .+:\d+:\d+/;

/** Pass to `NestFactory.create(module, { logger })` so that the first line Nest writes is JSON too. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  /** Nest passes `(message, stack?, context?)`; the stack goes to `err` with the message. */
  error(message: unknown, ...params: unknown[]): void {
    const lone = params.length === 1 && typeof params[0] === 'string' && STACK.test(params[0]);
    const { context, rest } = lone ? { context: undefined, rest: params } : splitContext(params);
    const last = rest.at(-1);
    const stack = typeof last === 'string' ? last : undefined;
    const extra = last === undefined || stack !== undefined ? rest.slice(0, -1) : rest;
    if (stack === undefined || message instanceof Error) {
      this.emit('error', message, context, extra);
      return;
    }
    // An Error, so that `err` has the shape pino gives every other error; the stack's first line names the real type.
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.logger.error(fields(context, extra, { err: Object.assign(new Error(text), { stack }) }), text);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const { context, rest } = splitContext(params);
    this.emit(level, message, context, rest);
  }

  private emit(level: Level, message: unknown, context: string | undefined, extra: unknown[]): void {
    if (message instanceof Error) this.logger[level](fields(context, extra, { err: message }), message.message);
    else if (typeof message === 'string') this.logger[level](fields(context, extra), message);
    else this.logger[level](fields(context, extra, { data: message }));
  }
}

/** Like Nest's ConsoleLogger: a trailing string argument is the context (the `new Logger(name)` name). */
function splitContext(params: unknown[]): { context: string | undefined; rest: unknown[] } {
  const last = params.at(-1);
  return typeof last === 'string' ? { context: last, rest: params.slice(0, -1) } : { context: undefined, rest: params };
}

function fields(context: string | undefined, extra: unknown[], more: Record<string, unknown> = {}) {
  return { ...(context !== undefined && { context }), ...(extra.length > 0 && { params: extra }), ...more };
}
