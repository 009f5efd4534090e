/** Global exception filter: every HTTP error leaves as `application/problem+json`, nothing else. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@rebound/kernel';
import { isTransientDatabaseError } from '@rebound/persistence';
import { ProblemException } from './problem-details';

// Express adds `originalUrl`, which mounted routers (Swagger UI's, for one) leave intact while they rewrite `url`.
type Request = IncomingMessage & { originalUrl?: string };

/** HTTP only: do not let a hybrid app's gRPC side inherit it (`inheritAppConfig`). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<ServerResponse>();
    const problem = toProblemException(exception);
    const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    if (problem.getStatus() >= 500) {
      const failure = `${request.method} ${path} failed`;
      if (exception instanceof Error) this.logger.error(failure, exception.stack);
      else this.logger.error(`${failure}: ${String(exception)}`);
    }
    // A handler that has started its own response owns it; a problem body now would corrupt it.
    if (response.headersSent) return;
    response.statusCode = problem.getStatus();
    for (const [name, value] of Object.entries(problem.headers)) response.setHeader(name, value);
    response.setHeader('Content-Type', 'application/problem+json');
    response.end(JSON.stringify(problem.toProblemDetails(path)));
  }
}

function toProblemException(exception: unknown): ProblemException {
  if (exception instanceof ProblemException) return exception;
  if (exception instanceof DomainError) return ProblemException.fromDomainError(exception);
  if (exception instanceof HttpException) return ProblemException.forStatus(exception.getStatus(), exception.message);
  if (isClientHttpError(exception)) return ProblemException.forStatus(exception.status, exception.message);
  if (isTransientDatabaseError(exception)) return DATABASE_UNAVAILABLE;
  // The message of an unexpected error may hold internals (SQL, hosts, secrets): it goes to the log only.
  return ProblemException.forStatus(500, 'An unexpected error occurred.');
}

/**
 * The database was unreachable, too slow (the statement timeout) or aborted the work for a concurrent
 * one: nothing was changed, and the same request may well succeed in a moment.
 */
const DATABASE_UNAVAILABLE = new ProblemException(
  {
    status: 503,
    slug: 'service-unavailable',
    title: 'Service Unavailable',
    detail: 'The service could not complete the request in time; nothing was changed. Try again shortly.',
  },
  { 'Retry-After': '1' },
);

/**
 * Errors from express middleware follow the http-errors convention (body-parser's 413 and 415, say):
 * `expose` marks the ones whose message was written for the client.
 */
function isClientHttpError(error: unknown): error is Error & { status: number } {
  if (!(error instanceof Error)) return false;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}
