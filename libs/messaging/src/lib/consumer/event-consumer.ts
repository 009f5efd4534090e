/**
 * Consumes events for one consumer group and applies each exactly once:
 *
 * 1. decode and validate: an invalid message goes straight to the dead-letter topic, an event type
 *    this group has no handler for is skipped;
 * 2. in one transaction for up to `maxEventsPerTransaction` events of a partition, each under a
 *    savepoint of its own: record the event id in the inbox and run the handlers — a redelivered
 *    event finds its id there and changes nothing;
 * 3. only after that transaction commits, mark the offsets of its events; marked offsets are
 *    committed after each batch and every `commitEveryMessages`.
 *
 * An event whose handler fails is rolled back to its savepoint and ends its transaction's run: the
 * events before it commit, and it is tried again alone while the events after it wait, so a key's
 * events still apply in the order they were read. Transient errors are retried with backoff
 * (heartbeating meanwhile); permanent or exhausted ones are dead-lettered with the error and the
 * original coordinates, and the partition moves on. A dead-lettered event stays done with for the
 * group, except for a replay of it (REPLAY_HEADER naming this group), which is tried again as if new.
 *
 * An event whose handler says it depends on a fact not read yet (FactNotYetKnownError) is parked
 * rather than retried in place: kept in the database with an inbox row saying so, in one transaction,
 * and the partition moves on. Later events of its key on its topic are parked behind it, unapplied,
 * so the key's events still apply in order. The ParkedEventRetrier tries them again.
 *
 * A topic family (per-partner topics) is subscribed by pattern, which the client resolves only when
 * it subscribes; so a consumer of a family lists the topics every `topicRefreshIntervalMs`, and on
 * `refreshSubscriptions()`, and re-subscribes when the topics its patterns match have changed.
 */
import { DataSource, EntityManager } from 'typeorm';
import { EventClass, InvalidEventError, decodeEvent, topicMatches, isTopicFamily } from '@rebound/contracts';
import { Logger, childSpan, parseTraceparent, runInWorkContext } from '@rebound/observability';
import { inTransaction, isSerializationConflict } from '@rebound/persistence';
import { BackoffPolicy, backoffDelay, patientSleep } from '@rebound/kernel';
import {
  BatchControl,
  BrokerConsumer,
  BrokerProducer,
  ConsumerHealth,
  IncomingMessage,
  MessageBroker,
  PartitionBatch,
} from '@rebound/kafka';
import { InboxEntry, recordArrival, recordInInbox } from '../inbox/inbox';
import { deadLetterMessage, isReplayFor } from './dead-letter';
import { ErrorClass, FactNotYetKnownError, classifyError, errorMessage, errorName } from './error-classification';
import { DeferredOutboxWrites, underSavepoint } from '../outbox/outbox';
import { ConsumedEvent, EventHandlerRegistration } from './event-handler';
import { DEFAULT_PARKING, ParkedEventRetrier, ParkingPolicy } from './parked-event-retrier';
import { chainOf, park } from './parked-events';

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
  /**
   * A new group reads each topic from its beginning (default), so nothing published before its first
   * start is missed. A topic of a family that appears while the consumer runs is read from its
   * beginning either way.
   */
  readonly fromBeginning?: boolean;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /**
   * How many partitions' batches are worked on at once, each in transactions of its own (so each
   * holds a database connection meanwhile). Default: half the data source's pool, leaving the other
   * half to the service's requests and the parked-event retrier.
   */
  readonly partitionsConsumedConcurrently?: number;
  readonly commitEveryMessages?: number;
  /** At most this many events of a partition are applied in one transaction, each under a savepoint. Default 100. */
  readonly maxEventsPerTransaction?: number;
  /**
   * A transaction takes no further event once it has run this long, so its locks are not held for
   * long behind slow handlers; it always takes one. Default 1 s.
   */
  readonly maxTransactionMs?: number;
  /**
   * How often a consumer of a topic family looks for topics of it created or deleted since it
   * subscribed (a partner registered while the service runs); 0 turns the periodic check off, and
   * `refreshSubscriptions()` still works. Default 10 s.
   */
  readonly topicRefreshIntervalMs?: number;
  /**
   * Events parked until a fact they depend on is read: how long one may wait before it is
   * dead-lettered (default 7 days), the backoff between its tries, how often due ones are looked for.
   */
  readonly parking?: Partial<ParkingPolicy>;
  /** Told of each event applied, retried, parked or dead-lettered, by topic: the service's metrics. */
  readonly observer?: ConsumerObserver;
  /** Told when the client crashes (and whether it restarts on its own) and when it rejoins its group. */
  readonly onHealthChange?: (health: ConsumerHealth) => void;
}

export interface ConsumerObserver {
  applied(topic: string): void;
  retried(topic: string): void;
  parked(topic: string): void;
  deadLettered(topic: string): void;
}

/** How the consumer's attempt at an event ended. */
type Outcome = { readonly kind: 'applied' | 'duplicate' } | { readonly kind: 'parked'; readonly reason: string };

/** A message of a run, with its event; without one when this group has no handler for its type. */
interface RunItem {
  readonly message: IncomingMessage;
  readonly event: ConsumedEvent | undefined;
}

/** A message of a run with an event this group handles. */
interface EventItem extends RunItem {
  readonly event: ConsumedEvent;
}

function hasEvent(item: RunItem): item is EventItem {
  return item.event !== undefined;
}

/** An item of a run that committed, and what became of it. */
interface Done {
  readonly item: RunItem;
  readonly outcome: Outcome | { readonly kind: 'unhandled' };
}

/** The items of a run that committed, in order, and the one it stopped at because it failed. */
interface RunResult {
  readonly done: readonly Done[];
  readonly failure?: { readonly item: EventItem; readonly error: unknown };
}

/** Paces a dead letter's send retries: until the work is to stop, beating the heart meanwhile. */
interface Pace {
  readonly keepGoing: () => boolean;
  readonly onTick?: () => Promise<void>;
}

const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 200,
  maxDelayMs: 10_000,
};

const DEFAULT_TOPIC_REFRESH_INTERVAL_MS = 10_000;
const DEFAULT_MAX_EVENTS_PER_TRANSACTION = 100;
const DEFAULT_MAX_TRANSACTION_MS = 1_000;
/** node-postgres's own pool size, when the data source does not set one. */
const PG_POOL_SIZE = 10;

export class EventConsumer {
  private readonly retry: RetryPolicy;
  private readonly parking: ParkingPolicy;
  private readonly retrier: ParkedEventRetrier;
  private readonly eventClasses: EventClass[];
  private readonly heartbeatIntervalMs: number;
  private readonly maxEventsPerTransaction: number;
  private readonly maxTransactionMs: number;
  private readonly partitionsConsumedConcurrently: number;
  private readonly fromBeginning: boolean;
  private readonly patterns: RegExp[];
  private consumer: BrokerConsumer | undefined;
  private producer: BrokerProducer | undefined;
  /** The topics the patterns matched when `consumer` subscribed. */
  private familyTopics: ReadonlySet<string> = new Set();
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Refreshes run one after another: this settles when the last one asked for has. */
  private refreshQueue: Promise<void> = Promise.resolve();
  private refreshesQueued = 0;
  private resubscribing: Promise<void> | undefined;
  private stopping = false;

  constructor(private readonly options: EventConsumerOptions) {
    if (options.handlers.length === 0) throw new Error(`consumer group ${options.groupId} has no handlers`);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.parking = { ...DEFAULT_PARKING, ...options.parking };
    this.retrier = new ParkedEventRetrier({
      groupId: options.groupId,
      dataSource: options.dataSource,
      logger: options.logger,
      policy: this.parking,
      apply: (message, manager) => this.applyParked(message, manager),
      applied: (event, message, attempts) => this.appliedParked(event, message, attempts),
      deadLetter: (message, error, kind, attempts) =>
        this.deadLetter(message, error, kind, attempts, { keepGoing: () => !this.stopping }),
    });
    this.eventClasses = [...new Set(options.handlers.map((handler) => handler.eventClass))];
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3000;
    this.maxEventsPerTransaction = options.maxEventsPerTransaction ?? DEFAULT_MAX_EVENTS_PER_TRANSACTION;
    this.maxTransactionMs = options.maxTransactionMs ?? DEFAULT_MAX_TRANSACTION_MS;
    this.partitionsConsumedConcurrently =
      options.partitionsConsumedConcurrently ??
      Math.max(1, Math.floor((options.dataSource.options.poolSize ?? PG_POOL_SIZE) / 2));
    this.fromBeginning = options.fromBeginning ?? true;
    this.patterns = this.subscriptions().filter((subscription) => subscription instanceof RegExp);
  }

  /** The event types the handlers apply. */
  handledEventClasses(): readonly EventClass[] {
    return this.eventClasses;
  }

  /** The topics consumed now: the catalogue's, and those of families matched when last subscribed. */
  consumedTopics(): string[] {
    const named = this.subscriptions().filter(
      (subscription): subscription is string => typeof subscription === 'string',
    );
    return [...named, ...this.familyTopics];
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

  /** Connects, subscribes and runs; on failure leaves nothing connected, so it may be called again. */
  async start(): Promise<void> {
    this.producer = this.options.broker.producer();
    try {
      await this.producer.connect();
      // Listed before subscribing: a topic created in between then differs at the next refresh, rather
      // than being taken for subscribed.
      const familyTopics = await this.listFamilyTopics();
      this.consumer = await this.subscribedConsumer([]);
      this.familyTopics = familyTopics;
      await this.consumer.run((batch, control) => this.processBatch(batch, control));
    } catch (error) {
      await this.consumer?.disconnect().catch(() => undefined);
      await this.producer.disconnect().catch(() => undefined);
      this.consumer = undefined;
      this.producer = undefined;
      throw error;
    }
    const refreshIntervalMs = this.options.topicRefreshIntervalMs ?? DEFAULT_TOPIC_REFRESH_INTERVAL_MS;
    if (this.patterns.length > 0 && refreshIntervalMs > 0) {
      this.refreshTimer = setInterval(() => this.refreshOnSchedule(), refreshIntervalMs);
      this.refreshTimer.unref();
    }
    this.retrier.start();
    this.options.logger.info(
      { groupId: this.options.groupId, topics: this.subscriptions().map(String), familyTopics: [...this.familyTopics] },
      'consumer started',
    );
  }

  /**
   * Re-subscribes if the topics the patterns match have changed since the consumer subscribed — call
   * it right after creating a topic of a family this group consumes. Resolves once the consumer runs
   * with the topics that existed when it was called. Refreshes never overlap, and none starts after
   * stop() began.
   */
  refreshSubscriptions(): Promise<void> {
    this.refreshesQueued++;
    const refresh = this.refreshQueue
      .then(() => this.refreshOnce())
      .finally(() => {
        this.refreshesQueued--;
      });
    this.refreshQueue = refresh.catch(() => undefined);
    return refresh;
  }

  /** Stops fetching, lets the message in flight finish and commit, commits its offset, disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.refreshTimer);
    await this.retrier.stop();
    // So that the consumer stopped below is the one running; a failed re-subscription is reported to
    // whoever asked for the refresh.
    await this.resubscribing?.catch(() => undefined);
    const consumer = this.consumer;
    this.consumer = undefined;
    if (!consumer) return;
    this.options.logger.info({ groupId: this.options.groupId }, 'consumer stopping: finishing in-flight work');
    await this.retire(consumer);
    await this.producer?.disconnect();
    this.producer = undefined;
    this.options.logger.info({ groupId: this.options.groupId }, 'consumer stopped');
  }

  private refreshOnSchedule(): void {
    // While Kafka is unreachable a refresh can outlast several ticks; they must not pile up behind it.
    if (this.refreshesQueued > 0) return;
    this.refreshSubscriptions().catch((error: unknown) =>
      this.options.logger.warn(
        { err: error, groupId: this.options.groupId },
        'could not refresh the subscriptions; trying again at the next check',
      ),
    );
  }

  private async refreshOnce(): Promise<void> {
    if (!this.consumer || this.stopping) return;
    const topics = await this.listFamilyTopics();
    const current = this.consumer;
    if (!current || this.stopping || sameTopics(topics, this.familyTopics)) return;
    this.resubscribing = this.resubscribe(current, topics);
    try {
      await this.resubscribing;
    } finally {
      this.resubscribing = undefined;
    }
  }

  /**
   * The new member connects and subscribes before the current one stops, so a refresh failing there
   * leaves the current one consuming. Stopping the current one commits what it applied; the new one
   * resumes from those offsets, and a message it is handed again finds its event id in the inbox.
   */
  private async resubscribe(current: BrokerConsumer, topics: ReadonlySet<string>): Promise<void> {
    const added = [...topics].filter((topic) => !this.familyTopics.has(topic));
    const removed = [...this.familyTopics].filter((topic) => !topics.has(topic));
    const next = await this.subscribedConsumer(added);
    if (this.stopping) return next.disconnect();
    try {
      await this.retire(current);
      await next.run((batch, control) => this.processBatch(batch, control));
    } catch (error) {
      await next.disconnect().catch(() => undefined);
      throw error;
    }
    this.consumer = next;
    this.familyTopics = topics;
    this.options.logger.info({ groupId: this.options.groupId, added, removed }, 'consumer re-subscribed');
  }

  /** A new member of the group, connected and subscribed, not yet fetching. */
  private async subscribedConsumer(addedFamilyTopics: readonly string[]): Promise<BrokerConsumer> {
    const consumer = this.options.broker.consumer({
      groupId: this.options.groupId,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      heartbeatIntervalMs: this.heartbeatIntervalMs,
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      commitEveryMessages: this.options.commitEveryMessages,
    });
    const { onHealthChange } = this.options;
    if (onHealthChange) consumer.onHealthChange(onHealthChange);
    try {
      await consumer.connect();
      await consumer.subscribe(this.subscriptions(), this.fromBeginning);
      // A topic that appeared while the group ran holds nothing older than the group, so even a group
      // that starts at the latest offsets reads it from its beginning; otherwise what was published
      // before the refresh would be skipped.
      if (!this.fromBeginning && addedFamilyTopics.length > 0) await consumer.subscribe(addedFamilyTopics, true);
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return consumer;
  }

  /** The existing topics the patterns match; none without patterns. */
  private async listFamilyTopics(): Promise<ReadonlySet<string>> {
    if (this.patterns.length === 0) return new Set();
    const admin = this.options.broker.admin();
    try {
      await admin.connect();
      const topics = await admin.listTopics();
      return new Set(topics.filter((topic) => this.patterns.some((pattern) => pattern.test(topic))));
    } finally {
      await admin.disconnect();
    }
  }

  private async retire(consumer: BrokerConsumer): Promise<void> {
    await consumer.stop();
    await consumer.disconnect();
  }

  /**
   * Works through a partition's batch in runs of up to `maxEventsPerTransaction` events, each run in
   * one transaction (see `applyRun`), marking offsets only once a run has committed. A run stops at
   * an event that failed: what came before it commits, the failed event goes through the retries and
   * dead letters on its own, and the next run starts after it — so no later event of its key overtakes
   * it. A message that cannot be decoded ends a run too, and is dead-lettered before the next one.
   */
  private async processBatch(batch: PartitionBatch, control: BatchControl): Promise<void> {
    const { messages } = batch;
    let next = 0;
    while (next < messages.length) {
      if (!control.canContinue()) return;
      const { items, undecodable } = this.decodeRun(messages, next);
      if (items.length === 0 && undecodable) {
        if (!(await this.deadLetter(undecodable.message, undecodable.error, 'permanent', 1, pace(control)))) return;
        control.markProcessed(undecodable.message);
        await control.commitIfDue();
        next++;
        continue;
      }
      const { done, failure } = await this.applyRun(items, control);
      this.report(done);
      for (const { item } of done) control.markProcessed(item.message);
      next += done.length;
      if (failure) {
        if (!(await this.retryAlone(failure.item, failure.error, control))) return;
        control.markProcessed(failure.item.message);
        next++;
      }
      await control.commitIfDue();
    }
  }

  /**
   * The messages from `from` on, decoded, up to a run's length; stops before one that cannot be
   * decoded, which is `undecodable` when it is the first.
   */
  private decodeRun(
    messages: readonly IncomingMessage[],
    from: number,
  ): { items: RunItem[]; undecodable?: { message: IncomingMessage; error: unknown } } {
    const items: RunItem[] = [];
    for (let index = from; index < messages.length && items.length < this.maxEventsPerTransaction; index++) {
      const message = messages[index];
      try {
        items.push({ message, event: this.decode(message) });
      } catch (error) {
        return items.length === 0 ? { items, undecodable: { message, error } } : { items };
      }
    }
    return { items };
  }

  /**
   * The message's event; undefined for a type this group has no handler for (a topic carries several
   * event types and gains new ones: those are none of its business). Throws for anything else that
   * cannot be decoded.
   */
  private decode(message: IncomingMessage): ConsumedEvent | undefined {
    try {
      const decoded = decodeEvent(message.topic, message.value, message.headers, this.eventClasses);
      return { ...decoded, topic: message.topic, partition: message.partition, offset: message.offset };
    } catch (error) {
      if (error instanceof InvalidEventError && error.reason === 'unknown-type') return undefined;
      throw error;
    }
  }

  /**
   * Applies the items in order in one transaction, each under a savepoint of its own, writes the
   * outbox rows their handlers published in one statement, and commits; stops early when the
   * transaction has run `maxTransactionMs` or the consumer is stopping. An event that fails is
   * rolled back to its savepoint and ends the run: the ones before it commit, and it is the
   * `failure`. A serialization conflict or deadlock runs the whole transaction again (`inTransaction`).
   * When the transaction as a whole fails (the connection lost, the commit refused, conflicts past
   * their retries), nothing of it committed: its first event is the failure, to be tried again alone.
   */
  private async applyRun(items: readonly RunItem[], control: BatchControl): Promise<RunResult> {
    const { dataSource } = this.options;
    try {
      return await this.whileHeartbeating(control, () =>
        inTransaction(dataSource, async (manager): Promise<RunResult> => {
          const began = Date.now();
          const outboxWrites = DeferredOutboxWrites.begin(manager);
          const done: Done[] = [];
          let failure: RunResult['failure'];
          for (const item of items) {
            // A consumer stopping takes no further event; it commits those it applied.
            if (done.length > 0 && (Date.now() - began >= this.maxTransactionMs || !control.canContinue())) break;
            if (!hasEvent(item)) {
              done.push({ item, outcome: { kind: 'unhandled' } });
              continue;
            }
            try {
              const outcome = await runInWorkContext(workContext(item.event), () => this.apply(manager, item));
              done.push({ item, outcome });
            } catch (error) {
              // A deadlock is the whole transaction's: it runs again, as any transaction would.
              if (isSerializationConflict(error)) throw error;
              failure = { item, error };
              break;
            }
          }
          await outboxWrites.write();
          return { done, failure };
        }),
      );
    } catch (error) {
      // Messages of types not handled here needed nothing of the transaction.
      const first = items.findIndex(hasEvent);
      const skipped = (first === -1 ? items : items.slice(0, first)).map((item): Done => ({
        item,
        outcome: { kind: 'unhandled' },
      }));
      return first === -1 ? { done: skipped } : { done: skipped, failure: { item: items[first] as EventItem, error } };
    }
  }

  /**
   * An event that failed in its run, tried again in a transaction of its own after a backoff until it
   * is applied or parked, or dead-lettered (at once when the failure is permanent, else once the
   * attempts are used up). True when it is done with; false when interrupted.
   */
  private async retryAlone(item: EventItem, firstError: unknown, control: BatchControl): Promise<boolean> {
    const { message, event } = item;
    return runInWorkContext(workContext(event), async () => {
      let error = firstError;
      for (let attempt = 1; ; attempt++) {
        if (!control.canContinue()) {
          this.options.logger.info({ err: error }, 'stopping mid-retry; the event will be delivered again');
          return false;
        }
        const kind = classifyError(error);
        if (kind === 'permanent' || attempt >= this.retry.maxAttempts) {
          return this.deadLetter(message, error, kind, attempt, pace(control), event);
        }
        const delay = backoffDelay(this.retry, attempt);
        this.options.observer?.retried(message.topic);
        this.options.logger.warn(
          { err: error, attempt, maxAttempts: this.retry.maxAttempts, retryInMs: delay },
          'handler failed; retrying',
        );
        await patientSleep(delay, {
          keepGoing: control.canContinue,
          onTick: control.heartbeat,
          tickMs: this.heartbeatIntervalMs,
        });
        const { done, failure } = await this.applyRun([item], control);
        if (!failure) {
          this.report(done);
          return true;
        }
        error = failure.error;
      }
    });
  }

  /** Says what became of each event of a committed run: logs, metrics, and parked events woken. */
  private report(done: readonly Done[]): void {
    for (const { item, outcome } of done) {
      const { message, event } = item;
      const where = {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        replay: isReplayFor(message.headers, this.options.groupId),
      };
      if (!event || outcome.kind === 'unhandled') {
        this.options.logger.debug(
          { topic: message.topic, partition: message.partition, offset: message.offset },
          'event type not handled by this group; skipped',
        );
        continue;
      }
      runInWorkContext(workContext(event), () => {
        if (outcome.kind === 'parked') {
          // Facts on different topics arrive in any order: waiting for one is normal work, not a warning.
          // A parked event that never gets its fact is dead-lettered, and that is logged as an error.
          this.options.logger.info(
            { ...where, reason: outcome.reason },
            'event parked until the fact it needs is read',
          );
          this.options.observer?.parked(message.topic);
          this.retrier.parked();
          return;
        }
        // An event applied is a change this service made (its effect and its inbox row committed
        // together): one info line, with the event's trace, return and type from the work context.
        // A redelivery changed nothing, so it is debug.
        if (outcome.kind === 'duplicate') {
          this.options.logger.debug(where, 'event already handled; redelivery ignored');
          return;
        }
        this.options.logger.info(where, 'event applied');
        this.options.observer?.applied(message.topic);
        this.retrier.wake(message.key);
      });
    }
  }

  /**
   * The event's part of its run's transaction, under a savepoint: the inbox row and every handler's
   * effect (the events they publish held by the run's DeferredOutboxWrites till it commits), or the
   * inbox row and the parked event; on a failure all of it is undone with the savepoint (the events
   * published included) and the error thrown. A replay takes over a `dead-lettered` inbox row here, so
   * a replay that fails again leaves the row as it was, and the failure is dead-lettered again like
   * any other.
   */
  private async apply(manager: EntityManager, { event, message }: EventItem): Promise<Outcome> {
    const { groupId } = this.options;
    const replay = isReplayFor(message.headers, groupId);
    this.options.logger.debug(
      { topic: message.topic, partition: message.partition, offset: message.offset, replay },
      'applying event',
    );
    const parking = (reason: string, attempts: number, nextAttemptAt: Date) => ({
      groupId,
      eventId: event.id,
      eventType: event.type,
      message,
      reason,
      attempts,
      nextAttemptAt,
    });
    try {
      return await underSavepoint(manager, async (savepoint): Promise<Outcome> => {
        const arrival = await recordArrival(savepoint, this.inboxEntry(event), chainOf(message, event.id), { replay });
        if (!arrival.recorded) return { kind: 'duplicate' };
        if (arrival.behind) {
          const reason = `waiting behind event ${arrival.behind}`;
          await park(savepoint, parking(reason, 0, new Date()));
          return { kind: 'parked', reason };
        }
        await runHandlers(event, this.handlersOf(event), savepoint);
        return { kind: 'applied' };
      });
    } catch (error) {
      if (!(error instanceof FactNotYetKnownError)) throw error;
      // The event is recorded as parked instead.
      return underSavepoint(manager, async (savepoint): Promise<Outcome> => {
        if (!(await recordInInbox(savepoint, { ...this.inboxEntry(event), outcome: 'parked' }, { replay }))) {
          return { kind: 'duplicate' };
        }
        const nextAttemptAt = new Date(Date.now() + backoffDelay(this.parking, 1));
        await park(savepoint, parking(error.message, 1, nextAttemptAt));
        return { kind: 'parked', reason: error.message };
      });
    }
  }

  /** A parked event tried again, under the retrier's savepoint; throws what decoding or a handler threw. */
  private async applyParked(message: IncomingMessage, manager: EntityManager): Promise<ConsumedEvent> {
    const decoded = decodeEvent(message.topic, message.value, message.headers, this.eventClasses);
    const event: ConsumedEvent = {
      ...decoded,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
    };
    await runInWorkContext(workContext(event), () => runHandlers(event, this.handlersOf(event), manager));
    return event;
  }

  /** Its transaction committed: said like any event applied, and the fact it is may be what others wait for. */
  private appliedParked(event: ConsumedEvent, message: IncomingMessage, attempts: number): void {
    runInWorkContext(workContext(event), () =>
      this.options.logger.info(
        { topic: event.topic, partition: event.partition, offset: event.offset, parked: true, attempts },
        'event applied',
      ),
    );
    this.options.observer?.applied(event.topic);
    this.retrier.wake(message.key);
  }

  private handlersOf(event: ConsumedEvent): EventHandlerRegistration[] {
    return this.options.handlers.filter(
      (handler) => handler.eventClass === event.eventClass && topicMatches(handler.eventClass.topic, event.topic),
    );
  }

  private inboxEntry(event: ConsumedEvent): Omit<InboxEntry, 'outcome'> {
    return {
      groupId: this.options.groupId,
      eventId: event.id,
      eventType: event.type,
      topic: event.topic,
      partition: event.partition,
      offset: event.offset,
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
        recordInInbox(manager, { ...this.inboxEntry(event), outcome: 'dead-lettered' }),
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
    { keepGoing, onTick }: Pace,
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
        this.options.observer?.deadLettered(message.topic);
        if (event) await this.rememberDeadLettered(event);
        return true;
      } catch (sendError) {
        if (!keepGoing()) return false;
        const delay = backoffDelay(this.retry, attempt);
        logger.error({ err: sendError, retryInMs: delay }, 'cannot write to the dead-letter topic; retrying');
        await patientSleep(delay, { keepGoing, onTick });
      }
    }
  }
}

function pace(control: BatchControl): Pace {
  return { keepGoing: control.canContinue, onTick: control.heartbeat };
}

async function runHandlers(
  event: ConsumedEvent,
  handlers: readonly EventHandlerRegistration[],
  manager: EntityManager,
): Promise<void> {
  for (const handler of handlers) await handler.handle(event, manager);
}

/** What the logs of an event's work carry: its trace (a child span of the producer's), return, id and type. */
function workContext(event: ConsumedEvent) {
  return {
    trace: childSpan(parseTraceparent(event.traceparent)),
    returnId: event.subject,
    eventId: event.id,
    eventType: event.type,
  };
}

function sameTopics(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((topic) => b.has(topic));
}
