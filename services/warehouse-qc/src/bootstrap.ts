/**
 * Builds and starts warehouse-qc: REST on HTTP_PORT (OpenAPI at /docs), with the grading rules of
 * GRADING_RULES_FILE. Used by main.ts and by the integration tests.
 */
import { readFile } from 'node:fs/promises';
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
import type { QcConfig } from './config/qc-config';
import { GradingRules } from './domain/grading-rules';
import type { Clock } from './domain/ports';

export const OPENAPI_META: OpenApiMeta = {
  title: 'Rebound warehouse-qc',
  description:
    'The warehouse app’s API: inspection queue per warehouse, claims, grading and checklists per line, ' +
    'completion, and supervisors’ resolution of mismatches. Errors are RFC 9457 problem details.',
  version: '1',
};

export interface QcApplication {
  readonly app: NestExpressApplication;
  readonly httpUrl: string;
}

export interface StartOptions {
  /** false turns Nest's own lines off (tests); the service's lines follow LOG_LEVEL either way. */
  readonly logger?: false;
  readonly clock?: Clock;
}

export async function loadGradingRules(file: string): Promise<GradingRules> {
  return GradingRules.parse(JSON.parse(await readFile(file, 'utf8')));
}

export async function startQc(config: QcConfig, options: StartOptions = {}): Promise<QcApplication> {
  const rules = await loadGradingRules(config.gradingRulesFile);
  const logger = createLogger({ service: Services.warehouseQc.name, level: config.logLevel });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forConfig(config, rules, logger, options.clock),
    { logger: options.logger ?? new NestPinoLogger(logger) },
  );
  const access = new AccessGuard(new TokenVerifier(config.access));
  const writeRateLimit = await WriteRateLimitGuard.create(config.rateLimit);
  configureHttpApp(app, { access, writeRateLimit, logger });
  setupOpenApi(app, OPENAPI_META, config.access.issuer);
  await app.listen(config.httpPort, config.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, httpUrl: `http://127.0.0.1:${address.port}` };
}
