/**
 * In-memory stand-ins for the kernel's ports, for use-case unit tests: a clock the test moves, an
 * event sink that keeps what was published, and a runner that hands work a transaction the test built.
 * A service's own store fakes live beside its use cases' tests.
 */
import type { EventClass, EventPayload } from '@rebound/contracts';
import type { Clock, EventSink, PublishOptions, PublishedEvent, Transaction, TransactionRunner } from '../src';

/**
 * A clock a test moves with `advance`, so deadlines and claims expire without waiting: real time by
 * default (for tests against a running service), or frozen at `start` (for unit tests).
 */
export class TestClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly start?: Date) {}

  now(): Date {
    return new Date((this.start?.getTime() ?? Date.now()) + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface RecordedEvent {
  readonly type: string;
  readonly data: EventPayload;
  readonly subject: string;
  readonly options: PublishOptions;
}

/** Keeps every published event, in order; `ofType` reads the payloads of one event class back. */
export class RecordingEventSink implements EventSink {
  readonly published: RecordedEvent[] = [];

  async publish<T extends EventPayload>(
    eventClass: EventClass<T>,
    data: T,
    subject: string,
    options: PublishOptions = {},
  ): Promise<PublishedEvent> {
    this.published.push({ type: eventClass.eventType, data, subject, options });
    return { id: `event-${this.published.length}`, source: 'test', time: options.time ?? new Date() };
  }

  ofType<T extends EventPayload>(eventClass: EventClass<T>): T[] {
    return this.published.filter((event) => event.type === eventClass.eventType).map((event) => event.data as T);
  }

  get types(): string[] {
    return this.published.map((event) => event.type);
  }
}

/** Runs work against one transaction object the test owns (its fake stores and a RecordingEventSink). */
export class InMemoryTransactionRunner<Tx extends Transaction> implements TransactionRunner<Tx> {
  constructor(readonly tx: Tx) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return work(this.tx);
  }
}
