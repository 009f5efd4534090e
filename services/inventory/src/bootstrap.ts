/**
 * Builds and starts inventory: REST on HTTP_PORT (OpenAPI at /docs, Prometheus at /metrics) and
 * gRPC on GRPC_PORT, served by one Nest application. Used by main.ts and by the integration tests.
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
import type { InventoryConfig } from './config/inventory-config';
import type { Clock } from './domain/ports';

export const INVENTORY_PROTO = join(__dirname, '../../../proto/inventory/v1/inventory.proto');

export const OPENAPI_META: OpenApiMeta = {
  title: 'Rebound inventory',
  description:
    'Stock per sku, warehouse and bucket with expected inbound, the append-only ledger behind it, stock ' +
    'movements from WMS/OMS under an Idempotency-Key, the ledger check and restock latency. ' +
    'Errors are RFC 9457 problem details.',
  version: '1',
};

export interface InventoryApplication {
  readonly app: NestExpressApplication;
  readonly httpUrl: string;
  readonly grpcAddress: string;
}

export interface StartOptions {
  /** false turns Nest's own lines off (tests); the service's lines follow LOG_LEVEL either way. */
  readonly logger?: false;
  readonly clock?: Clock;
}

export async function startInventory(
  config: InventoryConfig,
  options: StartOptions = {},
): Promise<InventoryApplication> {
  const logger = createLogger({ service: Services.inventory.name, level: config.logLevel });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, logger, options.clock), {
    logger: options.logger ?? new NestPinoLogger(logger),
  });
  const access = new AccessGuard(new TokenVerifier(config.access));
  const writeRateLimit = await WriteRateLimitGuard.create(config.rateLimit);
  configureHttpApp(app, { access, writeRateLimit, logger });
  setupOpenApi(app, OPENAPI_META, config.access.issuer);
  connectGrpcServer(
    app,
    {
      package: 'rebound.inventory.v1',
      protoPath: INVENTORY_PROTO,
      url: `${config.host}:${config.grpcPort}`,
    },
    logger,
    { access, writeRateLimit },
  );
  await app.startAllMicroservices();
  await app.listen(config.httpPort, config.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, httpUrl: `http://127.0.0.1:${address.port}`, grpcAddress: `127.0.0.1:${config.grpcPort}` };
}
