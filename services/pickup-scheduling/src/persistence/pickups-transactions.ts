/**
 * Transactions for the use cases: each gets the store and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together. Row-lock conflicts and lost
 * serialisation races are retried by `inTransaction`.
 */
import { DataSource, EntityManager } from 'typeorm';
import { Outbox, ViewTransactionRunner, outboxSink } from '@rebound/messaging';
import type { PickupsTransaction, TransactionRunner } from '../domain/ports';
import { PgPickupsStore } from './pg-pickups.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function pickupsTransaction(manager: EntityManager, outbox: Outbox): PickupsTransaction {
  return { store: new PgPickupsStore(manager), events: outboxSink(manager, outbox) };
}

export function pickupsTransactions(dataSource: DataSource, outbox: Outbox): TransactionRunner {
  return new ViewTransactionRunner(dataSource, (manager) => pickupsTransaction(manager, outbox));
}
