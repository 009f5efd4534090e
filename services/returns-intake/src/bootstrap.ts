/**
 * Builds and starts returns-intake: REST on HTTP_PORT (OpenAPI at /docs) and gRPC on GRPC_PORT,
 * served by one Nest application. Used by main.ts and by the integration tests.
 */
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { NestExpressApplication } from '@nestjs/platform-express';
import { PROTO_LOADER_OPTIONS, configureHttpApp, setupOpenApi, type OpenApiMeta } from '@rebound/http';
import { IntakeErrorFilter } from './api/intake-error.filter';
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

export async function createIntakeApp(
  config: IntakeConfig,
  options: { logger?: false } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    bufferLogs: false,
    ...(options.logger === false && { logger: false }),
  });
  configureHttpApp(app);
  app.useGlobalFilters(new IntakeErrorFilter());
  setupOpenApi(app, OPENAPI_META);
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.GRPC,
    options: {
      package: 'rebound.returns.v1',
      protoPath: RETURNS_PROTO,
      url: `${config.host}:${config.grpcPort}`,
      loader: PROTO_LOADER_OPTIONS,
    },
  });
  return app;
}

export async function startIntake(config: IntakeConfig, options: { logger?: false } = {}): Promise<IntakeApplication> {
  const app = await createIntakeApp(config, options);
  await app.startAllMicroservices();
  await app.listen(config.httpPort, config.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, httpUrl: `http://127.0.0.1:${address.port}`, grpcAddress: `127.0.0.1:${config.grpcPort}` };
}
