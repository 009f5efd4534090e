/**
 * Transactions for the use cases: each gets the store and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together. Row-lock conflicts and lost
 * serialisation races are retried by `inTransaction`.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { EventClass, EventPayload } from '@rebound/contracts';
import type { Outbox } from '@rebound/messaging';
import { inTransaction } from '@rebound/persistence';
import type { PickupsTransaction, PublishOptions, TransactionRunner } from '../domain/ports';
import { PgPickupsStore } from './pg-pickups.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function pickupsTransaction(manager: EntityManager, outbox: Outbox): PickupsTransaction {
  return {
    store: new PgPickupsStore(manager),
    events: {
      async publish<T extends EventPayload>(
        eventClass: EventClass<T>,
        data: T,
        returnId: string,
        options: PublishOptions = {},
      ): Promise<void> {
        await outbox.publish(manager, eventClass, data, { subject: returnId, ...options });
      },
    },
  };
}

export class PgTransactionRunner implements TransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  run<T>(work: (tx: PickupsTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, (manager) => work(pickupsTransaction(manager, this.outbox)));
  }
}
