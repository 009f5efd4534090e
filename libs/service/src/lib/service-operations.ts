/**
 * Every service's health endpoints, for Kubernetes probes and the bring-up (and, with them, the
 * /metrics endpoint of service-metrics.ts):
 * - GET /health/live: the process answers — nothing else, so a Kafka or database outage never gets
 *   a healthy pod restarted;
 * - GET /health/ready: the database answers, every migration is applied, and Kafka answers.
 * 200 when all is up, 503 naming what is down (terminus' body).
 */
import { Controller, DynamicModule, Get, Injectable, Module, Res, ServiceUnavailableException } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { OpenRoute } from '@rebound/http';
import { KafkaHealth } from '@rebound/messaging/nest';
import type { Logger } from '@rebound/observability';
import {
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { withTimeout } from './deadline';
import { HttpMetricsInterceptor, MetricsController, ServiceMetrics } from './service-metrics';
import { SERVICE_LOGGER } from './tokens';

const DATABASE_TIMEOUT_MS = 3_000;

@Injectable()
class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly kafkaHealth: KafkaHealth,
  ) {}

  async database(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), DATABASE_TIMEOUT_MS);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async migrations(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('migrations');
    try {
      const pending = await this.dataSource.showMigrations();
      return pending ? check.down({ message: 'migrations are pending' }) : check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async kafka(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('kafka');
    const problem = await this.kafkaHealth.problem();
    return problem === undefined ? check.up() : check.down({ message: problem });
  }
}

@ApiExcludeController()
@OpenRoute('probes of the orchestrator, which carry no token; they tell nothing about any return')
@Controller('health')
class ServiceHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
    private readonly metrics: ServiceMetrics,
  ) {}

  @Get('live')
  live(@Res({ passthrough: true }) response: ServerResponse): Promise<HealthCheckResult> {
    return answer(response, () => this.health.check([]));
  }

  /** Its answer is also `rebound_ready`, so a pod that stays not ready is alerted on (the probes only take it out of service). */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: ServerResponse): Promise<HealthCheckResult> {
    const result = await answer(response, () =>
      this.health.check([
        () => this.readiness.database(),
        () => this.readiness.migrations(),
        () => this.readiness.kafka(),
      ]),
    );
    this.metrics.readiness(result.status === 'ok' ? undefined : result.error);
    return result;
  }
}

/** terminus' own body either way: 503 with what is down, rather than a generic problem. */
async function answer(response: ServerResponse, check: () => Promise<HealthCheckResult>): Promise<HealthCheckResult> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    response.statusCode = 503;
    return error.getResponse() as HealthCheckResult;
  }
}

/**
 * /health/live, /health/ready and /metrics, with every HTTP request timed for the latter; ServiceMetrics
 * for the service's own metrics.
 */
@Module({})
export class ServiceOperationsModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: ServiceOperationsModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [ServiceHealthController, MetricsController],
      providers: [
        { provide: SERVICE_LOGGER, useValue: logger },
        ServiceMetrics,
        ReadinessIndicators,
        { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
      ],
      exports: [ServiceMetrics],
    };
  }
}
