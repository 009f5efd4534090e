/**
 * What a service's use cases see of a transaction: its own store and an event sink, both bound to
 * the same EntityManager, so state and outbox rows commit together.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { EventClass, EventPayload } from '@rebound/contracts';
import { inTransaction } from '@rebound/persistence';
import type { Outbox } from './outbox';

/** Publishes through the outbox in the transaction; `subject` is the CloudEvents subject and the Kafka key. */
export interface SubjectEventSink {
  publish<T extends EventPayload>(eventClass: EventClass<T>, data: T, subject: string): Promise<void>;
}

export function outboxSink(manager: EntityManager, outbox: Outbox): SubjectEventSink {
  return {
    async publish(eventClass, data, subject) {
      await outbox.publish(manager, eventClass, data, { subject });
    },
  };
}

/** Runs work in a new transaction, handing it the view `viewOf` builds on the transaction's EntityManager. */
export class ViewTransactionRunner<V> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly viewOf: (manager: EntityManager) => V,
  ) {}

  run<T>(work: (tx: V) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, (manager) => work(this.viewOf(manager)));
  }
}
