/**
 * What a service's use cases see of a transaction: its own store and an event sink, both bound to
 * the same EntityManager, so state and outbox rows commit together.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { EventClass, EventPayload } from '@rebound/contracts';
import { inTransaction } from '@rebound/persistence';
import type { Outbox, PublishOptions } from './outbox';

/**
 * Publishes through the outbox in the transaction; `subject` is the CloudEvents subject and the Kafka
 * key. `options.topic` names the concrete topic of an event on a topic family (per-partner topics).
 */
export interface SubjectEventSink {
  publish<T extends EventPayload>(
    eventClass: EventClass<T>,
    data: T,
    subject: string,
    options?: Omit<PublishOptions, 'subject' | 'key' | 'id'>,
  ): Promise<void>;
}

export function outboxSink(manager: EntityManager, outbox: Outbox): SubjectEventSink {
  return {
    async publish(eventClass, data, subject, options = {}) {
      await outbox.publish(manager, eventClass, data, { ...options, subject });
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
