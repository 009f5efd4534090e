/**
 * Nest wiring for messaging: an `Outbox` to inject into use cases, the outbox relay, and one
 * consumer group whose handlers are the provider methods marked with @HandleEvent.
 *
 * Start: relay and consumer start once the application has bootstrapped.
 * Shutdown (SIGTERM, with enableShutdownHooks): in `beforeApplicationShutdown` the consumer stops
 * fetching, finishes the message in flight, commits its offset and disconnects; then the relay
 * finishes its batch and disconnects. The DataSource closes afterwards (PersistenceModule).
 *
 * A service that creates topics of a family it consumes (a new partner's) injects
 * `SubscriptionRefresher` to have the consumer take them up at once, not at its next periodic check.
 */
import {
  BeforeApplicationShutdown,
  DynamicModule,
  INestApplicationContext,
  Inject,
  Injectable,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DataSource, EntityManager } from 'typeorm';
import type { KafkaConnection } from '@rebound/kafka';
import { EventClass, ServiceDefinition } from '@rebound/contracts';
import type { Logger } from '@rebound/observability';
import { BackoffPolicy, backoffDelay } from '@rebound/kernel';
import { KafkaJsBroker, ConsumerHealth, MessageBroker } from '@rebound/kafka';
import { EventConsumer, RetryPolicy } from '../lib/consumer/event-consumer';
import type { ParkingPolicy } from '../lib/consumer/parked-event-retrier';
import { ConsumedEvent, EventHandlerFn, EventHandlerRegistration } from '../lib/consumer/event-handler';
import { Outbox } from '../lib/outbox/outbox';
import { OutboxRelay } from '../lib/outbox/outbox-relay';
import { StateChangeLog } from '../lib/outbox/state-change-log';
import { HANDLE_EVENT } from './handle-event.decorator';
import { MessagingStatus } from './messaging-status';
import { KafkaHealth } from './kafka-health';
import { MessagingMetrics } from './messaging-metrics';
import { MESSAGE_BROKER, MESSAGING_OPTIONS } from './tokens';

export interface MessagingModuleOptions {
  readonly service: ServiceDefinition;
  /** `<service>.<purpose>`, e.g. `refunds.main`. */
  readonly groupId: string;
  /** Brokers, credentials and TLS (see `kafkaConnection`). */
  readonly connection: KafkaConnection;
  /** Prefixes this deployment's topics and consumer groups on a shared cluster; usually `kafkaTopicNamespace()`. */
  readonly namespace?: string;
  readonly logger: Logger;
  /**
   * What a handler receives besides the event: the service's own transaction (its stores and event
   * sink) built on the inbox's EntityManager, so handlers stay clear of TypeORM. Without it, handlers
   * get the EntityManager.
   */
  readonly transactionOf?: (manager: EntityManager, outbox: Outbox) => unknown;
  readonly retry?: Partial<RetryPolicy>;
  /** Events waiting for a fact not read yet: maximum age (default 7 days), backoff, sweep interval. */
  readonly parking?: Partial<ParkingPolicy>;
  readonly relay?: {
    readonly batchSize?: number;
    readonly pollIntervalMs?: number;
    readonly backoff?: BackoffPolicy;
    /** Refusals that might pass a row may get before it is parked (see OutboxRelayOptions). */
    readonly maxAttempts?: number;
  };
  readonly consumer?: {
    readonly sessionTimeoutMs?: number;
    readonly heartbeatIntervalMs?: number;
    readonly partitionsConsumedConcurrently?: number;
    /** Events of a partition applied in one transaction at most, and how long one takes new ones (EventConsumerOptions). */
    readonly maxEventsPerTransaction?: number;
    readonly maxTransactionMs?: number;
    /** How often the consumer looks for new topics of the families it consumes; 0 turns it off. Default 10 s. */
    readonly topicRefreshIntervalMs?: number;
  };
}

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest factory providers take any injected values
  readonly useFactory: (...args: any[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
  readonly inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
}

/** How long the consumer waits before trying to start again after Kafka refused it. */
const CONSUMER_START_BACKOFF: BackoffPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** How long start-up waits for the consumer's first start before serving without it. */
const FIRST_START_WAIT_MS = 5_000;

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Set while the consumer runs, if any provider handles events. */
  consumer: EventConsumer | undefined;
  /** The providers' @HandleEvent methods, found at bootstrap. */
  handlers: readonly EventHandlerRegistration[] = [];
  private readonly relay: OutboxRelay;
  private retry: NodeJS.Timeout | undefined;
  /** The start or restart under way, which shutdown waits for. */
  private starting: Promise<void> | undefined;
  private stopping = false;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly metrics: MessagingMetrics,
    private readonly status: MessagingStatus,
    private readonly outbox: Outbox,
  ) {
    this.relay = new OutboxRelay({
      dataSource,
      producer: broker.producer(),
      logger: options.logger,
      onProblem: (problem) => {
        status.relay = problem;
      },
      ...options.relay,
    });
  }

  /**
   * The consumer starts in the background, so the API serves (and readiness says why the service is
   * not ready) while Kafka is unreachable or refuses it; start-up waits a little for it, so that a
   * service on a healthy cluster is ready as soon as it listens.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
    this.handlers = this.discoverHandlers();
    if (this.handlers.length === 0) return;
    this.status.consumer = 'the consumer is starting';
    this.starting = this.startConsumer(1);
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([
      this.starting,
      new Promise((resolve) => {
        waited = setTimeout(resolve, FIRST_START_WAIT_MS);
      }),
    ]);
    clearTimeout(waited);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retry);
    await this.starting;
    await this.consumer?.stop();
    await this.relay.stop();
  }

  /**
   * Starts the consumer. When Kafka refuses it — unreachable, or the credentials refused — the
   * service stays up, not ready and saying why, and tries again with backoff until the consumer runs
   * or the service stops. Readiness returns when the consumer has joined its group (onHealthChange).
   */
  private async startConsumer(attempt: number): Promise<void> {
    const consumer: EventConsumer = new EventConsumer({
      groupId: this.options.groupId,
      deadLetterTopic: this.options.service.deadLetterTopic.name,
      dataSource: this.dataSource,
      broker: this.broker,
      logger: this.options.logger,
      handlers: this.handlers,
      retry: this.options.retry,
      parking: this.options.parking,
      observer: this.metrics,
      onHealthChange: (health) => this.onHealthChange(consumer, health),
      ...this.options.consumer,
    });
    this.consumer = consumer;
    try {
      await consumer.start();
    } catch (error) {
      this.consumer = undefined;
      this.status.consumer = `the consumer is not running: ${(error as Error).message}`;
      this.retryStart(attempt, error);
      return;
    }
    this.metrics.watch(consumer);
  }

  private retryStart(attempt: number, error: unknown): void {
    if (this.stopping) return;
    const delayMs = backoffDelay(CONSUMER_START_BACKOFF, attempt);
    this.options.logger.error(
      { err: error, groupId: this.options.groupId, attempt, retryInMs: delayMs },
      'consumer could not start; trying again',
    );
    this.retry = setTimeout(() => {
      this.starting = this.startConsumer(attempt + 1);
    }, delayMs);
  }

  /**
   * A crashed consumer makes the service not ready. The client restarts on its own after a retriable
   * failure, and readiness returns when it rejoins its group; after a failure it gives up on — its
   * group or topics no longer authorised, say — the consumer is replaced, with backoff, as at start.
   */
  private onHealthChange(consumer: EventConsumer, health: ConsumerHealth): void {
    if (this.stopping || this.consumer !== consumer) return;
    if (health.running) {
      this.status.consumer = undefined;
      return;
    }
    this.status.consumer = `the consumer crashed${health.restarting ? ' and is restarting' : ''}: ${health.error.message}`;
    this.options.logger.error(
      { err: health.error, groupId: this.options.groupId, restarting: health.restarting },
      health.restarting ? 'consumer crashed; the client restarts it' : 'consumer crashed; replacing it',
    );
    if (health.restarting) return;
    // After the start under way, if the crash came during it.
    this.starting = (this.starting ?? Promise.resolve()).then(() => this.replace(consumer, health.error));
  }

  private async replace(crashed: EventConsumer, error: Error): Promise<void> {
    if (this.stopping || this.consumer !== crashed) return;
    this.consumer = undefined;
    await crashed
      .stop()
      .catch((stopError: unknown) =>
        this.options.logger.warn(
          { err: stopError, groupId: this.options.groupId },
          'the crashed consumer did not stop cleanly',
        ),
      );
    this.retryStart(1, error);
  }

  private discoverHandlers(): EventHandlerRegistration[] {
    const handlers: EventHandlerRegistration[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || wrapper.isAlias) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const eventClass = this.reflector.get<EventClass | undefined>(HANDLE_EVENT, fn);
        if (!eventClass) continue;
        const handle = fn as (event: ConsumedEvent, tx: unknown) => Promise<void>;
        const { transactionOf } = this.options;
        handlers.push({
          eventClass,
          name: `${instance.constructor.name}.${method}`,
          handle: transactionOf
            ? (event, manager) => handle.call(instance, event, transactionOf(manager, this.outbox))
            : (handle as EventHandlerFn).bind(instance),
        });
      }
    }
    return handlers;
  }
}

/** The event types a running application's consumer applies; none when it handles no events. */
export function handledEventClasses(app: INestApplicationContext): readonly EventClass[] {
  return [...new Set(app.get(MessagingLifecycle, { strict: false }).handlers.map((handler) => handler.eventClass))];
}

@Injectable()
export class SubscriptionRefresher {
  constructor(private readonly lifecycle: MessagingLifecycle) {}

  /**
   * Resolves once the consumer is subscribed to every topic of its families that exists now (see
   * `EventConsumer.refreshSubscriptions`); nothing to do in an application that handles no events.
   */
  async refresh(): Promise<void> {
    await this.lifecycle.consumer?.refreshSubscriptions();
  }
}

@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: MESSAGE_BROKER,
          inject: [MESSAGING_OPTIONS],
          useFactory: (settings: MessagingModuleOptions) =>
            new KafkaJsBroker({
              connection: settings.connection,
              clientId: settings.service.name,
              logger: settings.logger,
              namespace: settings.namespace,
            }),
        },
        {
          provide: Outbox,
          inject: [MESSAGING_OPTIONS],
          useFactory: (settings: MessagingModuleOptions) => new Outbox(`/rebound/${settings.service.name}`),
        },
        {
          // One log line per state change, after its transaction commits (see StateChangeLog).
          provide: StateChangeLog,
          inject: [MESSAGING_OPTIONS, DataSource],
          useFactory: (settings: MessagingModuleOptions, dataSource: DataSource) => {
            const log = new StateChangeLog(settings.logger);
            dataSource.subscribers.push(log);
            return log;
          },
        },
        MessagingLifecycle,
        MessagingStatus,
        SubscriptionRefresher,
        KafkaHealth,
        MessagingMetrics,
      ],
      exports: [Outbox, SubscriptionRefresher, KafkaHealth, MessagingMetrics],
    };
  }
}
