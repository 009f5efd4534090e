/**
 * Transactions for the use cases: each gets the store and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { EventClass, EventPayload } from '@rebound/contracts';
import type { Outbox } from '@rebound/messaging';
import { inTransaction } from '@rebound/persistence';
import type { QcTransaction, TransactionRunner } from '../domain/ports';
import { PgQcStore } from './pg-qc.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function qcTransaction(manager: EntityManager, outbox: Outbox): QcTransaction {
  return {
    store: new PgQcStore(manager),
    events: {
      async publish<T extends EventPayload>(eventClass: EventClass<T>, data: T, returnId: string): Promise<void> {
        await outbox.publish(manager, eventClass, data, { subject: returnId });
      },
    },
  };
}

export class PgTransactionRunner implements TransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  run<T>(work: (tx: QcTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, (manager) => work(qcTransaction(manager, this.outbox)));
  }
}
