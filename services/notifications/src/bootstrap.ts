/**
 * Builds and starts notifications: REST on HTTP_PORT (OpenAPI at /docs), the consumer of the
 * lifecycle topics and the webhook delivery worker. Used by main.ts and by the integration tests.
 */
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Services } from '@rebound/contracts';
import type { Clock } from '@rebound/kernel';
import {
  AccessGuard,
  configureHttpApp,
  type OpenApiMeta,
  setupOpenApi,
  TokenVerifier,
  WriteRateLimitGuard,
} from '@rebound/http';
import { createLogger } from '@rebound/observability';
import { NestPinoLogger } from '@rebound/observability/nest';
import { AppModule } from './app.module';
import type { NotificationsConfig } from './config/notifications-config';

export const OPENAPI_META: OpenApiMeta = {
  title: 'Rebound notifications',
  description:
    'Merchants’ webhooks: subscriptions to public events of returns, their Standard Webhooks signing secrets, ' +
    'and the delivery log with redelivery. Errors are RFC 9457 problem details.',
  version: '1',
};

export interface NotificationsApplication {
  readonly app: NestExpressApplication;
  readonly httpUrl: string;
}

export interface StartOptions {
  /** false turns Nest's own lines off (tests); the service's lines follow LOG_LEVEL either way. */
  readonly logger?: false;
  readonly clock?: Clock;
}

export async function startNotifications(
  config: NotificationsConfig,
  options: StartOptions = {},
): Promise<NotificationsApplication> {
  const logger = createLogger({ service: Services.notifications.name, level: config.logLevel });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, logger, options.clock), {
    logger: options.logger ?? new NestPinoLogger(logger),
  });
  const access = new AccessGuard(new TokenVerifier(config.access));
  const writeRateLimit = await WriteRateLimitGuard.create(config.rateLimit);
  configureHttpApp(app, { access, writeRateLimit, logger });
  setupOpenApi(app, OPENAPI_META, config.access.issuer);
  await app.listen(config.httpPort, config.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, httpUrl: `http://127.0.0.1:${address.port}` };
}
