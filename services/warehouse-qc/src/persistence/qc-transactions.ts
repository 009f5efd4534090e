/**
 * Transactions for the use cases: each gets the store and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together.
 */
import { DataSource, EntityManager } from 'typeorm';
import { Outbox, ViewTransactionRunner, outboxSink } from '@rebound/messaging';
import type { QcTransaction, TransactionRunner } from '../domain/ports';
import { PgQcStore } from './pg-qc.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function qcTransaction(manager: EntityManager, outbox: Outbox): QcTransaction {
  return { store: new PgQcStore(manager), events: outboxSink(manager, outbox) };
}

export function qcTransactions(dataSource: DataSource, outbox: Outbox): TransactionRunner {
  return new ViewTransactionRunner(dataSource, (manager) => qcTransaction(manager, outbox));
}
