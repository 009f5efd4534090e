/**
 * Builds and starts refunds: REST on HTTP_PORT (OpenAPI at /docs), the consumers of approvals and
 * inspections, and the payment worker. Used by main.ts and by the integration tests.
 */
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Services } from '@rebound/contracts';
import {
  AccessGuard,
  configureHttpApp,
  type OpenApiMeta,
  setupOpenApi,
  WriteRateLimitGuard,
  TokenVerifier,
} from '@rebound/http';
import { createLogger } from '@rebound/observability';
import { NestPinoLogger } from '@rebound/observability/nest';
import { AppModule } from './app.module';
import type { RefundsConfig } from './config/refunds-config';

export const OPENAPI_META: OpenApiMeta = {
  title: 'Rebound refunds',
  description:
    'Refunds by return, by order and by state, with every payment attempt and the provider’s answers; ' +
    'ops’ retry of a refund that needs attention. Errors are RFC 9457 problem details.',
  version: '1',
};

export interface RefundsApplication {
  readonly app: NestExpressApplication;
  readonly httpUrl: string;
}

/** `logger: false` turns Nest's own lines off (tests); the service's lines follow LOG_LEVEL either way. */
export async function startRefunds(
  config: RefundsConfig,
  options: { logger?: false } = {},
): Promise<RefundsApplication> {
  const logger = createLogger({ service: Services.refunds.name, level: config.logLevel });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, logger), {
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
