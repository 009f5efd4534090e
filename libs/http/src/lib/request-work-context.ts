/**
 * Every HTTP request is a unit of work: its log lines carry one trace id, and the events it writes
 * to the outbox continue that trace. A caller's W3C `traceparent` header is continued (this request
 * is a new span of its trace), else the request starts a trace; the `traceparent` response header
 * tells the caller which.
 *
 * The return id is taken from a route parameter named `returnId` only (`/v1/returns/:returnId`,
 * `/v1/returns/:returnId/refunds`): other ids are never guessed to be a return's, and a request that
 * creates a return learns its id only after the log lines that matter were written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Logger,
  childSpan,
  currentWorkContext,
  formatTraceparent,
  parseTraceparent,
  runInWorkContext,
} from '@rebound/observability';
import { isUuid } from './validation';

/** Express middleware, mounted first: the rest of the request runs inside its work context. */
export function requestWorkContext(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  const header = request.headers['traceparent'];
  const trace = childSpan(parseTraceparent(Array.isArray(header) ? header[0] : header));
  response.setHeader('traceparent', formatTraceparent(trace));
  runInWorkContext({ trace }, next);
}

// Probes and scrapes come every few seconds: their lines would drown the requests that tell a story.
const ROUTINE_ROUTES = /^\/(health\/|metrics$)/;

/**
 * Express middleware, mounted right after `requestWorkContext`: one line per request once its
 * response is sent — method, route (the pattern, `unmatched` when none), status, duration in ms, the
 * trace id and, on a route with a `returnId`, the return id — at info, health and metrics at debug.
 */
export function requestLog(logger: Logger) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    const traceId = currentWorkContext()?.trace.traceId;
    // 'close', not 'finish': a request whose caller went away before the answer gets its line too.
    response.once('close', () => {
      const route = (request as { route?: { path?: string } }).route?.path ?? 'unmatched';
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const returnId = (response as { locals?: { returnId?: string } }).locals?.returnId;
      const level = ROUTINE_ROUTES.test(route) ? 'debug' : 'info';
      logger[level](
        {
          method: request.method,
          route,
          status: response.statusCode,
          durationMs,
          traceId,
          ...(returnId && { returnId }),
        },
        `${request.method} ${route} ${response.statusCode} ${durationMs} ms`,
      );
    });
    next();
  };
}

/**
 * Express param callback for `returnId` (`app.param('returnId', …)`): the matched route's handler,
 * pipes and exception filters run with the return id in the work context. Not a UUID: not a return
 * id (the route answers 400), so it is not put on log lines.
 */
export function returnIdInWorkContext(_request: unknown, response: unknown, next: () => void, returnId: unknown): void {
  const context = currentWorkContext();
  if (!context || typeof returnId !== 'string' || !isUuid(returnId)) return next();
  // For the request's log line, written when the response is sent.
  const locals = (response as { locals?: Record<string, unknown> }).locals;
  if (locals) locals['returnId'] = returnId;
  runInWorkContext({ ...context, returnId }, next);
}
