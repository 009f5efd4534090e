/**
 * Builds and starts pickup-scheduling: REST on HTTP_PORT (OpenAPI at /docs). Used by main.ts and by
 * the integration tests.
 */
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Services } from '@rebound/contracts';
import { AccessGuard, configureHttpApp, type OpenApiMeta, setupOpenApi, WriteRateLimitGuard } from '@rebound/http';
import { createLogger } from '@rebound/observability';
import { NestPinoLogger } from '@rebound/observability/nest';
import { AppModule } from './app.module';
import type { PickupsConfig } from './config/pickups-config';
import type { Clock } from './domain/ports';
import { TOKEN_VERIFIER } from './providers';

export const OPENAPI_META: OpenApiMeta = {
  title: 'Rebound pickup-scheduling',
  description:
    'Register 3PL partners, follow the pickups and labels booked for approved returns, and take partners’ ' +
    'signed tracking webhooks. Errors are RFC 9457 problem details.',
  version: '1',
};

export interface PickupsApplication {
  readonly app: NestExpressApplication;
  readonly httpUrl: string;
}

export interface StartOptions {
  /** false turns Nest's own lines off (tests); the service's lines follow LOG_LEVEL either way. */
  readonly logger?: false;
  readonly clock?: Clock;
}

export async function createPickupsApp(
  config: PickupsConfig,
  options: StartOptions = {},
): Promise<NestExpressApplication> {
  const logger = createLogger({ service: Services.pickupScheduling.name, level: config.logLevel });
  // The shared edge keeps every request's raw body: webhook signatures are over the bytes the partner
  // sent, not over re-serialised JSON.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, logger, options.clock), {
    logger: options.logger ?? new NestPinoLogger(logger),
  });
  const access = new AccessGuard(app.get(TOKEN_VERIFIER));
  const writeRateLimit = await WriteRateLimitGuard.create(config.rateLimit);
  configureHttpApp(app, { access, writeRateLimit, logger });
  setupOpenApi(app, OPENAPI_META, config.access.issuer);
  return app;
}

export async function startPickups(config: PickupsConfig, options: StartOptions = {}): Promise<PickupsApplication> {
  const app = await createPickupsApp(config, options);
  await app.listen(config.httpPort, config.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, httpUrl: `http://127.0.0.1:${address.port}` };
}
