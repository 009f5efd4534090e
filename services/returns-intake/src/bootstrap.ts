/**
 * Builds and starts returns-intake: REST on HTTP_PORT (OpenAPI at /docs) and gRPC on GRPC_PORT,
 * served by one Nest application. Used by main.ts and by the integration tests.
 */
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Services } from '@rebound/contracts';
import {
  AccessGuard,
  configureHttpApp,
  connectGrpcServer,
  type OpenApiMeta,
  setupOpenApi,
  WriteRateLimitGuard,
  TokenVerifier,
} from '@rebound/http';
import { createLogger } from '@rebound/observability';
import { NestPinoLogger } from '@rebound/observability/nest';
import { AppModule } from './app.module';
import type { IntakeConfig } from './config/intake-config';

export const RETURNS_PROTO = join(__dirname, '../../../proto/returns/v1/returns.proto');

export const OPENAPI_META: OpenApiMeta = {
  title: 'Rebound returns-intake',
  description:
    'Open returns against a versioned return policy and follow them: status, decision, refunds and timeline. ' +
    'Errors are RFC 9457 problem details.',
  version: '1',
};

export interface IntakeApplication {
  readonly app: NestExpressApplication;
  readonly httpUrl: string;
  readonly grpcAddress: string;
}

/** `logger: false` turns Nest's own lines off (tests); the service's lines follow LOG_LEVEL either way. */
export async function createIntakeApp(
  config: IntakeConfig,
  options: { logger?: false } = {},
): Promise<NestExpressApplication> {
  const logger = createLogger({ service: Services.returnsIntake.name, level: config.logLevel });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, logger), {
    logger: options.logger ?? new NestPinoLogger(logger),
  });
  const access = new AccessGuard(new TokenVerifier(config.access));
  const writeRateLimit = await WriteRateLimitGuard.create(config.rateLimit);
  configureHttpApp(app, { access, writeRateLimit, logger });
  setupOpenApi(app, OPENAPI_META, config.access.issuer);
  connectGrpcServer(
    app,
    {
      package: 'rebound.returns.v1',
      protoPath: RETURNS_PROTO,
      url: `${config.host}:${config.grpcPort}`,
    },
    logger,
    { access, writeRateLimit },
  );
  return app;
}

export async function startIntake(config: IntakeConfig, options: { logger?: false } = {}): Promise<IntakeApplication> {
  const app = await createIntakeApp(config, options);
  await app.startAllMicroservices();
  await app.listen(config.httpPort, config.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, httpUrl: `http://127.0.0.1:${address.port}`, grpcAddress: `127.0.0.1:${config.grpcPort}` };
}
