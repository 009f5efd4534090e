/**
 * Transactions for the use cases: each gets the stores and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Outbox, ViewTransactionRunner, outboxSink } from '@rebound/messaging';
import type { RefundsTransaction, TransactionRunner } from '../domain/ports';
import { PgApprovalsStore } from './pg-approvals.store';
import { PgMoneyLedgerStore } from './pg-money-ledger.store';
import { PgRefundsStore } from './pg-refunds.store';
import { PgStoreCreditStore } from './pg-store-credit.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function refundsTransaction(manager: EntityManager, outbox: Outbox): RefundsTransaction {
  return {
    ledger: new PgMoneyLedgerStore(manager),
    approvals: new PgApprovalsStore(manager),
    refunds: new PgRefundsStore(manager),
    storeCredit: new PgStoreCreditStore(manager),
    events: outboxSink(manager, outbox),
  };
}

export function refundsTransactions(dataSource: DataSource, outbox: Outbox): TransactionRunner {
  return new ViewTransactionRunner(dataSource, (manager) => refundsTransaction(manager, outbox));
}
