/**
 * What a service's use cases see of a transaction: its own store and an event sink, both bound to
 * the same EntityManager, so state and outbox rows commit together.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { EventSink, Transaction, TransactionRunner } from '@rebound/kernel';
import { inTransaction } from '@rebound/persistence';
import type { Outbox } from './outbox';

/** The kernel's event sink over the outbox, in the transaction of `manager`. */
export function outboxSink(manager: EntityManager, outbox: Outbox): EventSink {
  return {
    async publish(eventClass, data, subject, options = {}) {
      const envelope = await outbox.publish(manager, eventClass, data, { ...options, subject });
      return { id: envelope.id, source: envelope.source, time: envelope.time };
    },
  };
}

/** Runs work in a new transaction, handing it the view `viewOf` builds on the transaction's EntityManager. */
export class ViewTransactionRunner<V extends Transaction> implements TransactionRunner<V> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly viewOf: (manager: EntityManager) => V,
  ) {}

  run<T>(work: (tx: V) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, (manager) => work(this.viewOf(manager)));
  }
}
