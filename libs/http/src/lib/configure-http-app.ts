/** The HTTP edge every service shares, applied by one call in its main.ts. */
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from '@rebound/observability';
import type { AccessGuard } from './access';
import type { WriteRateLimitGuard } from './rate-limit';
import { jsonBodiesOnly, keepUtf8Body, malformedJsonAsProblem } from './json-body.middleware';
import { ProblemDetailsFilter } from './problem-details.filter';
import { requestLog, requestWorkContext, returnIdInWorkContext } from './request-work-context';
import { createValidationPipe } from './validation';

/**
 * Call before `app.listen()` (or `app.init()`), which is when Nest mounts its own parsers and routes.
 * Every Rebound service passes its `access` guard, which every route then passes, and its
 * `writeRateLimit` (the payment sandbox, which stands for a provider outside Rebound, has neither).
 * With a logger, every request gets its one log line (see `requestLog`).
 */
export function configureHttpApp(
  app: NestExpressApplication,
  {
    access,
    writeRateLimit,
    logger,
  }: { access?: AccessGuard; writeRateLimit?: WriteRateLimitGuard; logger?: Logger } = {},
): NestExpressApplication {
  app.disable('x-powered-by');
  // First, so that everything after it (body parsing, routes, filters) logs with the request's trace.
  app.use(requestWorkContext);
  if (logger) app.use(requestLog(logger));
  app.getHttpAdapter().getInstance().param('returnId', returnIdInWorkContext);
  // Mounting the JSON parser here (Nest then skips its own) puts the media-type check before it and
  // the middleware that names its errors directly behind it.
  app.use(jsonBodiesOnly);
  app.useBodyParser('json', { verify: keepUtf8Body });
  app.use(malformedJsonAsProblem);
  app.useGlobalFilters(new ProblemDetailsFilter());
  // In this order: the write limit counts against the client the access guard has verified.
  if (access) app.useGlobalGuards(access);
  if (writeRateLimit) app.useGlobalGuards(writeRateLimit);
  app.useGlobalPipes(createValidationPipe());
  // After a drained shutdown the process exits 0 (not by re-raising the signal), so an orchestrator
  // sees a clean exit and the process's exit handlers run (CPU profiles, log flushing).
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  return app;
}
