/**
 * Every service's Prometheus metrics, served at GET /metrics: HTTP latency per route and whether the
 * last readiness probe found the service ready, plus Node's process metrics and the messaging
 * library's (outbox backlog, consumer lag and outcomes, parked events). A service adds its own
 * (refunds by outcome, restock latency) to `registry`.
 */
import {
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Header,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OpenRoute } from '@rebound/http';
import { MessagingMetrics } from '@rebound/messaging/nest';
import type { Logger } from '@rebound/observability';
import type { ServerResponse } from 'node:http';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Observable } from 'rxjs';
import { SERVICE_LOGGER } from './tokens';

@Injectable()
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly http = new Histogram({
    name: 'rebound_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly ready = new Gauge({
    name: 'rebound_ready',
    help: 'Whether GET /health/ready last found the service ready (1) or not (0); what was down is logged.',
    registers: [this.registry],
  });
  private wasReady: boolean | undefined;

  constructor(
    private readonly messaging: MessagingMetrics,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'rebound_' });
  }

  /** The text exposition of every metric, the service's and the messaging library's. */
  scrape(): Promise<string> {
    return Registry.merge([this.registry, this.messaging.registry]).metrics();
  }

  /** What GET /health/ready found: nothing down, or what is (logged when the service stops being ready). */
  readiness(down: Record<string, unknown> | undefined): void {
    this.ready.set(down ? 0 : 1);
    if (down && this.wasReady !== false) this.logger.warn({ down }, 'the service is not ready');
    this.wasReady = !down;
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }
}

/** Times every HTTP request, labelled by its route pattern (not its path, which would explode). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ServiceMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<{ method: string; route?: { path?: string } }>();
    const response = http.getResponse<ServerResponse>();
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observeHttp(request.method, request.route?.path ?? 'unmatched', response.statusCode, seconds);
    });
    return next.handle();
  }
}

@ApiExcludeController()
@OpenRoute('scraped by Prometheus inside the cluster; counts and durations only, nothing about any one return')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
