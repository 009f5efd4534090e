/**
 * Structured JSON logs: one line per entry with the service name and, inside a unit of work, its
 * trace id, span id, return id and event id, so a return can be followed across services.
 */
import pino, { Logger, LevelWithSilent } from 'pino';
import { currentWorkContext } from './trace-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly service: string;
  readonly level?: LevelWithSilent;
  /** Where lines go; standard output when omitted. */
  readonly destination?: pino.DestinationStream;
}

const LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The level from LOG_LEVEL when the caller gives none (the tools; services validate their own). */
function levelFromEnvironment(): LevelWithSilent {
  const raw = process.env['LOG_LEVEL'];
  if (raw === undefined || raw === '') return 'info';
  if (!LEVELS.includes(raw)) throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}; got "${raw}"`);
  return raw as LevelWithSilent;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? levelFromEnvironment(),
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const context = currentWorkContext();
        if (!context) return {};
        return {
          traceId: context.trace.traceId,
          spanId: context.trace.spanId,
          ...(context.returnId && { returnId: context.returnId }),
          ...(context.eventId && { eventId: context.eventId }),
          ...(context.eventType && { eventType: context.eventType }),
        };
      },
    },
    // Synchronous writes keep lines in order and lose none when the process exits right after
    // logging (a drained shutdown's last words); at our log volume the cost is negligible.
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * Why a process could not start, as one fatal JSON line on standard error, whatever LOG_LEVEL says
 * (it may be the setting that is wrong). A string is the whole message (a configuration error lists
 * every bad variable); an error is logged with its stack.
 */
export function logStartFailure(service: string, failure: unknown, destination?: pino.DestinationStream): void {
  const logger = createLogger({
    service,
    level: 'fatal',
    destination: destination ?? pino.destination({ dest: 2, sync: true }),
  });
  if (failure instanceof Error) logger.fatal({ err: failure }, `${service} could not start: ${failure.message}`);
  else logger.fatal(String(failure));
}
