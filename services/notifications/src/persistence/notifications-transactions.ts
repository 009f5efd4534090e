/**
 * Transactions for the use cases: each gets the stores and an event sink bound to the same
 * EntityManager, so what they write commits together.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Outbox, ViewTransactionRunner, outboxSink } from '@rebound/messaging';
import type { NotificationsTransaction, TransactionRunner } from '../domain/ports';
import { PgDeliveriesStore } from './pg-deliveries.store';
import { PgReturnsStore } from './pg-returns.store';
import { PgSubscriptionsStore } from './pg-subscriptions.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function notificationsTransaction(manager: EntityManager, outbox: Outbox): NotificationsTransaction {
  return {
    subscriptions: new PgSubscriptionsStore(manager),
    returns: new PgReturnsStore(manager),
    deliveries: new PgDeliveriesStore(manager),
    events: outboxSink(manager, outbox),
  };
}

export function notificationsTransactions(dataSource: DataSource, outbox: Outbox): TransactionRunner {
  return new ViewTransactionRunner(dataSource, (manager) => notificationsTransaction(manager, outbox));
}
