/**
 * Consumes events for one consumer group and applies each exactly once:
 *
 * 1. decode and validate: an invalid message goes straight to the dead-letter topic, an event type
 *    this group has no handler for is skipped;
 * 2. in one transaction: record the event id in the inbox and run the handlers — a redelivered
 *    event finds its id there and changes nothing;
 * 3. only after that transaction commits, mark the offset; marked offsets are committed after each
 *    batch and every `commitEveryMessages`.
 *
 * Transient errors are retried with backoff (heartbeating meanwhile); permanent or exhausted ones
 * are dead-lettered with the error and the original coordinates, and the partition moves on.
 */
import { DataSource } from 'typeorm';
import { EventClass, InvalidEventError, decodeEvent, topicMatches, isTopicFamily } from '@rebound/contracts';
import { Logger, childSpan, parseTraceparent, runInWorkContext } from '@rebound/observability';
import { inTransaction } from '@rebound/persistence';
import { BackoffPolicy, backoffDelay, patientSleep } from '../backoff';
import {
  BatchControl,
  BrokerConsumer,
  BrokerProducer,
  IncomingMessage,
  MessageBroker,
  PartitionBatch,
} from '../broker/message-broker.port';
import { InboxEntry, recordInInbox } from '../inbox/inbox';
import { deadLetterMessage } from './dead-letter';
import { ErrorClass, classifyError, errorMessage, errorName } from './error-classification';
import { ConsumedEvent, EventHandlerRegistration } from './event-handler';

export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in all, the first included, before a transient failure is dead-lettered. */
  readonly maxAttempts: number;
}

export interface EventConsumerOptions {
  /** `<service>.<purpose>`, e.g. `refunds.main`. */
  readonly groupId: string;
  readonly deadLetterTopic: string;
  readonly dataSource: DataSource;
  readonly broker: MessageBroker;
  readonly logger: Logger;
  readonly handlers: readonly EventHandlerRegistration[];
  readonly retry?: Partial<RetryPolicy>;
  /** A new group reads each topic from its beginning (default), so nothing published before its first start is missed. */
  readonly fromBeginning?: boolean;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly partitionsConsumedConcurrently?: number;
  readonly commitEveryMessages?: number;
}

const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 200,
  maxDelayMs: 10_000,
};

export class EventConsumer {
  private readonly retry: RetryPolicy;
  private readonly eventClasses: EventClass[];
  private readonly heartbeatIntervalMs: number;
  private consumer: BrokerConsumer | undefined;
  private producer: BrokerProducer | undefined;

  constructor(private readonly options: EventConsumerOptions) {
    if (options.handlers.length === 0) throw new Error(`consumer group ${options.groupId} has no handlers`);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.eventClasses = [...new Set(options.handlers.map((handler) => handler.eventClass))];
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3000;
  }

  /** The topic names and patterns the handlers need. */
  subscriptions(): (string | RegExp)[] {
    const seen = new Map<string, string | RegExp>();
    for (const eventClass of this.eventClasses) {
      const ref = eventClass.topic;
      const subscription = isTopicFamily(ref) ? ref.pattern : ref.name;
      seen.set(String(subscription), subscription);
    }
    return [...seen.values()];
  }

  async start(): Promise<void> {
    const { broker, groupId } = this.options;
    this.producer = broker.producer();
    await this.producer.connect();
    this.consumer = broker.consumer({
      groupId,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      heartbeatIntervalMs: this.heartbeatIntervalMs,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      commitEveryMessages: this.options.commitEveryMessages,
    });
    await this.consumer.connect();
    await this.consumer.subscribe(this.subscriptions(), this.options.fromBeginning ?? true);
    await this.consumer.run((batch, control) => this.processBatch(batch, control));
    this.options.logger.info({ groupId, topics: this.subscriptions().map(String) }, 'consumer started');
  }

  /** Stops fetching, lets the message in flight finish and commit, commits its offset, disconnects. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (!consumer) return;
    this.options.logger.info({ groupId: this.options.groupId }, 'consumer stopping: finishing in-flight work');
    await consumer.stop();
    await consumer.disconnect();
    await this.producer?.disconnect();
    this.producer = undefined;
    this.options.logger.info({ groupId: this.options.groupId }, 'consumer stopped');
  }

  private async processBatch(batch: PartitionBatch, control: BatchControl): Promise<void> {
    for (const message of batch.messages) {
      if (!control.canContinue()) return;
      if (!(await this.process(message, control))) return;
      control.markProcessed(message);
      await control.commitIfDue();
    }
  }

  /** True when the message is done with (applied, a duplicate, or dead-lettered); false when interrupted. */
  private async process(message: IncomingMessage, control: BatchControl): Promise<boolean> {
    let event: ConsumedEvent;
    try {
      const decoded = decodeEvent(message.topic, message.value, message.headers, this.eventClasses);
      event = { ...decoded, topic: message.topic, partition: message.partition, offset: message.offset };
    } catch (error) {
      // A topic carries several event types and gains new ones; those this group has no handler
      // for are none of its business. Anything else that cannot be decoded is dead-lettered.
      if (error instanceof InvalidEventError && error.reason === 'unknown-type') {
        this.options.logger.debug(
          { topic: message.topic, partition: message.partition, offset: message.offset, error: error.message },
          'event type not handled by this group; skipped',
        );
        return true;
      }
      return this.deadLetter(message, error, 'permanent', 1, control);
    }
    const handlers = this.options.handlers.filter(
      (handler) => handler.eventClass === event.eventClass && topicMatches(handler.eventClass.topic, message.topic),
    );
    const context = {
      trace: childSpan(parseTraceparent(event.traceparent)),
      returnId: event.subject,
      eventId: event.id,
      eventType: event.type,
    };
    return runInWorkContext(context, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          this.options.logger.debug(
            {
              topic: message.topic,
              partition: message.partition,
              offset: message.offset,
              attempt,
            },
            'applying event',
          );
          const applied = await this.whileHeartbeating(control, () => this.apply(event, handlers));
          this.options.logger.debug(
            {
              topic: message.topic,
              partition: message.partition,
              offset: message.offset,
            },
            applied ? 'event applied' : 'event already handled; redelivery ignored',
          );
          return true;
        } catch (error) {
          if (!control.canContinue()) {
            this.options.logger.info({ err: error }, 'stopping mid-retry; the event will be delivered again');
            return false;
          }
          const kind = classifyError(error);
          if (kind === 'permanent' || attempt >= this.retry.maxAttempts) {
            return this.deadLetter(message, error, kind, attempt, control, event);
          }
          const delay = backoffDelay(this.retry, attempt);
          this.options.logger.warn(
            {
              err: error,
              attempt,
              maxAttempts: this.retry.maxAttempts,
              retryInMs: delay,
            },
            'handler failed; retrying',
          );
          await patientSleep(delay, {
            keepGoing: control.canContinue,
            onTick: control.heartbeat,
            tickMs: this.heartbeatIntervalMs,
          });
        }
      }
    });
  }

  /** One transaction: the inbox row and every handler's effect. False when the event was a duplicate. */
  private apply(event: ConsumedEvent, handlers: readonly EventHandlerRegistration[]): Promise<boolean> {
    return inTransaction(this.options.dataSource, async (manager) => {
      if (!(await recordInInbox(manager, this.inboxEntry(event, 'applied')))) return false;
      for (const handler of handlers) await handler.handle(event, manager);
      return true;
    });
  }

  private inboxEntry(event: ConsumedEvent, outcome: InboxEntry['outcome']): InboxEntry {
    return {
      groupId: this.options.groupId,
      eventId: event.id,
      eventType: event.type,
      topic: event.topic,
      partition: event.partition,
      offset: event.offset,
      outcome,
    };
  }

  private async whileHeartbeating<T>(control: BatchControl, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => {
      control
        .heartbeat()
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'heartbeat during a long handler failed'));
    }, this.heartbeatIntervalMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** So that a redelivered copy (the relay publishes at least once) is not tried and dead-lettered again. */
  private async rememberDeadLettered(event: ConsumedEvent): Promise<void> {
    try {
      await inTransaction(this.options.dataSource, (manager) =>
        recordInInbox(manager, this.inboxEntry(event, 'dead-lettered')),
      );
    } catch (error) {
      this.options.logger.warn(
        { err: error },
        'could not record the dead-lettered event; a redelivery would be tried again',
      );
    }
  }

  /** Writes the message to the dead-letter topic; keeps trying while Kafka is unavailable, never drops it. */
  private async deadLetter(
    message: IncomingMessage,
    error: unknown,
    kind: ErrorClass,
    attempts: number,
    control: BatchControl,
    event?: ConsumedEvent,
  ): Promise<boolean> {
    const { deadLetterTopic, groupId, logger } = this.options;
    const producer = this.producer;
    if (!producer) return false;
    const dead = deadLetterMessage(message, deadLetterTopic, groupId, error, kind, attempts);
    for (let attempt = 1; ; attempt++) {
      try {
        await producer.send([dead]);
        logger.error(
          {
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            errorClass: errorName(error),
            error: errorMessage(error),
            attempts,
            deadLetterTopic,
          },
          'message dead-lettered',
        );
        if (event) await this.rememberDeadLettered(event);
        return true;
      } catch (sendError) {
        if (!control.canContinue()) return false;
        const delay = backoffDelay(this.retry, attempt);
        logger.error({ err: sendError, retryInMs: delay }, 'cannot write to the dead-letter topic; retrying');
        await patientSleep(delay, {
          keepGoing: control.canContinue,
          onTick: control.heartbeat,
        });
      }
    }
  }
}
