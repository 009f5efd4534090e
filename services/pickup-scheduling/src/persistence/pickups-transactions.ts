/**
 * Transactions for the use cases: each gets the stores and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together. Row-lock conflicts and lost
 * serialisation races are retried by the runner. The API's reads use the same stores outside any
 * transaction of their own.
 */
import { DataSource, EntityManager } from 'typeorm';
import { Outbox, ViewTransactionRunner, outboxSink } from '@rebound/messaging';
import type { PickupsReads, PickupsTransaction, TransactionRunner } from '../domain/ports';
import { PgPartnersStore } from './pg-partners.store';
import { PgPickupsStore } from './pg-pickups.store';
import { PgTrackingStore } from './pg-tracking.store';

/** The transaction `manager` runs (a handler's is the inbox's), seen through the ports. */
export function pickupsTransaction(manager: EntityManager, outbox: Outbox): PickupsTransaction {
  return { ...pickupsStores(manager), events: outboxSink(manager, outbox) };
}

export function pickupsTransactions(dataSource: DataSource, outbox: Outbox): TransactionRunner {
  return new ViewTransactionRunner(dataSource, (manager) => pickupsTransaction(manager, outbox));
}

export function pickupsReads(dataSource: DataSource): PickupsReads {
  return pickupsStores(dataSource.manager);
}

function pickupsStores(manager: EntityManager) {
  return {
    partners: new PgPartnersStore(manager),
    pickups: new PgPickupsStore(manager),
    tracking: new PgTrackingStore(manager),
  };
}
