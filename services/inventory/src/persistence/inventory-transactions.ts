/**
 * Transactions for the use cases: each gets the store and an event sink bound to the same
 * EntityManager, so stock, ledger and outbox rows commit together.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { EventClass, EventPayload } from '@rebound/contracts';
import type { Outbox } from '@rebound/messaging';
import { inTransaction } from '@rebound/persistence';
import type { InventoryTransaction, TransactionRunner } from '../domain/ports';
import { PgInventoryStore } from './pg-inventory.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function inventoryTransaction(manager: EntityManager, outbox: Outbox): InventoryTransaction {
  return {
    store: new PgInventoryStore(manager),
    events: {
      async publish<T extends EventPayload>(eventClass: EventClass<T>, data: T, subject: string): Promise<void> {
        await outbox.publish(manager, eventClass, data, { subject });
      },
    },
  };
}

export class PgTransactionRunner implements TransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  run<T>(work: (tx: InventoryTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, (manager) => work(inventoryTransaction(manager, this.outbox)));
  }
}
