/**
 * Transactions for the use cases: each gets the stores and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Outbox, ViewTransactionRunner, outboxSink } from '@rebound/messaging';
import type { QcTransaction, TransactionRunner } from '../domain/ports';
import { PgExpectedReturnsStore } from './pg-expected-returns.store';
import { PgInspectionsStore } from './pg-inspections.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function qcTransaction(manager: EntityManager, outbox: Outbox): QcTransaction {
  return {
    inspections: new PgInspectionsStore(manager),
    expectedReturns: new PgExpectedReturnsStore(manager),
    events: outboxSink(manager, outbox),
  };
}

export function qcTransactions(dataSource: DataSource, outbox: Outbox): TransactionRunner {
  return new ViewTransactionRunner(dataSource, (manager) => qcTransaction(manager, outbox));
}
