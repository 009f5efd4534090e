/**
 * The messaging side of a service's Prometheus metrics: the outbox's backlog, the age of its oldest
 * unpublished event and the rows it parked; the consumer group's lag per topic, the events it
 * applied, retried, parked and dead-lettered, how many it has parked and since when. The service
 * kernel serves them at GET /metrics with its own.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { ConsumerObserver, EventConsumer } from '../lib/consumer/event-consumer';
import { parkedBacklog } from '../lib/consumer/parked-events';
import { outboxBacklog } from '../lib/outbox/outbox-relay';
import { KafkaHealth } from './kafka-health';
import { MESSAGING_OPTIONS } from './tokens';

interface MetricsOptions {
  readonly groupId: string;
  readonly logger: { warn(context: object, message: string): void };
}

@Injectable()
export class MessagingMetrics implements ConsumerObserver {
  readonly registry = new Registry();
  private consumer: EventConsumer | undefined;
  private readonly consumed = new Counter({
    name: 'rebound_consumer_events_total',
    help: 'Events the consumer group applied, retried, parked or dead-lettered, by topic.',
    labelNames: ['topic', 'outcome'],
    registers: [this.registry],
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaHealth,
    @Inject(MESSAGING_OPTIONS) private readonly options: MetricsOptions,
  ) {
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
