/**
 * Transactions for the use cases: each gets the store and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together. Row-lock conflicts and lost
 * serialisation races are retried by `inTransaction`.
 */
import { DataSource, EntityManager } from 'typeorm';
import { Outbox, ViewTransactionRunner, outboxSink } from '@rebound/messaging';
import type { IntakeTransaction, TransactionRunner } from '../domain/ports';
import { PgReturnsStore } from './pg-returns.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function intakeTransaction(manager: EntityManager, outbox: Outbox): IntakeTransaction {
  return { store: new PgReturnsStore(manager), events: outboxSink(manager, outbox) };
}

export function intakeTransactions(dataSource: DataSource, outbox: Outbox): TransactionRunner {
  return new ViewTransactionRunner(dataSource, (manager) => intakeTransaction(manager, outbox));
}
