/**
 * The small types every service's domain is written against: the clock, the event sink of a
 * transaction, the transaction runner and the shape of a use case. Each service's ports file names
 * its own transaction (its stores plus `events`) and uses these for the rest.
 */
import type { EventClass, EventPayload } from '@rebound/contracts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What the outbox recorded: the envelope's id, source and time, for the state-change log and replies. */
export interface PublishedEvent {
  readonly id: string;
  readonly source: string;
  readonly time: Date;
}

export interface PublishOptions {
  /** The event's time (`ce_time`); now by default. */
  readonly time?: Date;
  /** The concrete topic of an event that lives on a topic family (one topic per partner). */
  readonly topic?: string;
}

export interface EventSink {
  /**
   * Records the event to be published when, and only if, the transaction commits. `subject` is the
   * CloudEvents subject and the Kafka key (so events of one subject keep their order).
   */
  publish<T extends EventPayload>(
    eventClass: EventClass<T>,
    data: T,
    subject: string,
    options?: PublishOptions,
  ): Promise<PublishedEvent>;
}

/** A unit of work: the service's stores and its event sink, all bound to one database transaction. */
export interface Transaction {
  readonly events: EventSink;
}

/**
 * Runs work in one transaction, committing what it wrote and the events it published together, and
 * running it again when the database aborted it only because of a concurrent transaction.
 */
export interface TransactionRunner<Tx extends Transaction> {
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/**
 * A use case: one thing the service does, inside the caller's transaction. The API runs it in a new
 * transaction, a message handler in the inbox's, so both commit the same way. Its command is built
 * valid (a constructor or factory that throws `DomainError.invalid`), so `execute` never re-checks
 * shapes, only rules that need the state.
 */
export interface UseCase<Tx extends Transaction, Command, Result> {
  execute(tx: Tx, command: Command): Promise<Result>;
}
