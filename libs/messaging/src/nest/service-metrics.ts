/**
 * Every service's Prometheus metrics, served at GET /metrics: HTTP latency per route, the outbox's
 * backlog, the age of its oldest unpublished event and the rows it parked, the consumer group's lag
 * per topic, the events it applied, retried, parked and dead-lettered, how many it has parked and
 * since when, and whether the last readiness probe found it ready; plus Node's process metrics. A
 * service adds its own
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
import type { ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { ConsumerObserver, EventConsumer } from '../lib/consumer/event-consumer';
import { outboxBacklog } from '../lib/outbox/outbox-relay';
import { parkedBacklog } from '../lib/consumer/parked-events';
import { KafkaHealth } from './kafka-health';
import { MESSAGING_OPTIONS } from './tokens';

interface MetricsOptions {
  readonly groupId: string;
  readonly logger: { warn(context: object, message: string): void };
}

@Injectable()
export class ServiceMetrics implements ConsumerObserver {
  readonly registry = new Registry();
  private consumer: EventConsumer | undefined;
  private readonly http = new Histogram({
    name: 'rebound_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly consumed = new Counter({
    name: 'rebound_consumer_events_total',
    help: 'Events the consumer group applied, retried, parked or dead-lettered, by topic.',
    labelNames: ['topic', 'outcome'],
    registers: [this.registry],
  });
  private readonly ready = new Gauge({
    name: 'rebound_ready',
    help: 'Whether GET /health/ready last found the service ready (1) or not (0); what was down is logged.',
    registers: [this.registry],
  });
  private wasReady: boolean | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaHealth,
    @Inject(MESSAGING_OPTIONS) private readonly options: MetricsOptions,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'rebound_' });
    const outbox = () => outboxBacklog(this.dataSource);
    const lag = () => this.lag();
    new Gauge({
      name: 'rebound_outbox_backlog',
      help: 'Events written to the outbox and waiting to be published (parked ones not included).',
      registers: [this.registry],
      async collect() {
        this.set((await outbox()).pending);
      },
    });
    new Gauge({
      name: 'rebound_outbox_oldest_age_seconds',
      help: 'Age of the oldest event waiting to be published; 0 when none waits.',
      registers: [this.registry],
      async collect() {
        this.set((await outbox()).oldestPendingAgeMs / 1000);
      },
    });
    new Gauge({
      name: 'rebound_outbox_parked_rows',
      help: 'Outbox rows the broker refused, set aside unpublished until requeued.',
      registers: [this.registry],
      async collect() {
        this.set((await outbox()).parked);
      },
    });
    const parked = () => parkedBacklog(this.dataSource, this.options.groupId);
    new Gauge({
      name: 'rebound_consumer_parked_events',
      help: 'Events the consumer group parked until a fact they depend on is read.',
      registers: [this.registry],
      async collect() {
        this.set((await parked()).count);
      },
    });
    new Gauge({
      name: 'rebound_consumer_parked_oldest_age_seconds',
      help: 'How long the oldest parked event has waited; 0 when none waits.',
      registers: [this.registry],
      async collect() {
        this.set((await parked()).oldestAgeSeconds);
      },
    });
    new Gauge({
      name: 'rebound_consumer_lag',
      help: 'Messages the consumer group has yet to consume, by topic.',
      labelNames: ['topic'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [topic, behind] of await lag()) this.set({ topic }, behind);
      },
    });
  }

  /** The consumer whose lag is reported, once it runs. */
  watch(consumer: EventConsumer): void {
    this.consumer = consumer;
  }

  applied(topic: string): void {
    this.consumed.inc({ topic, outcome: 'applied' });
  }

  retried(topic: string): void {
    this.consumed.inc({ topic, outcome: 'retried' });
  }

  parked(topic: string): void {
    this.consumed.inc({ topic, outcome: 'parked' });
  }

  deadLettered(topic: string): void {
    this.consumed.inc({ topic, outcome: 'dead_lettered' });
  }

  /** What GET /health/ready found: nothing down, or what is (logged when the service stops being ready). */
  readiness(down: Record<string, unknown> | undefined): void {
    this.ready.set(down ? 0 : 1);
    if (down && this.wasReady !== false) this.options.logger.warn({ down }, 'the service is not ready');
    this.wasReady = !down;
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }

  private async lag(): Promise<Map<string, number>> {
    if (!this.consumer) return new Map();
    try {
      return await this.kafka.consumerLag(this.options.groupId, this.consumer.consumedTopics());
    } catch (error) {
      // A scrape while Kafka is away reports no lag rather than failing every other metric.
      this.options.logger.warn({ err: error }, 'consumer lag could not be read for /metrics');
      return new Map();
    }
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
    return this.metrics.registry.metrics();
  }
}
