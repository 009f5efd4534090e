/**
 * Transactions for the use cases: each gets the store and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together.
 */
import { DataSource, EntityManager } from 'typeorm';
import { Outbox, ViewTransactionRunner, outboxSink } from '@rebound/messaging';
import type { RefundsTransaction, TransactionRunner } from '../domain/ports';
import { PgRefundsStore } from './pg-refunds.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function refundsTransaction(manager: EntityManager, outbox: Outbox): RefundsTransaction {
  return { store: new PgRefundsStore(manager), events: outboxSink(manager, outbox) };
}

export function refundsTransactions(dataSource: DataSource, outbox: Outbox): TransactionRunner {
  return new ViewTransactionRunner(dataSource, (manager) => refundsTransaction(manager, outbox));
}
