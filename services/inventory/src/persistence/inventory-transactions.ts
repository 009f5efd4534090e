/**
 * Transactions for the use cases: each gets the stores and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together.
 */
import { DataSource, EntityManager } from 'typeorm';
import { Outbox, ViewTransactionRunner, outboxSink } from '@rebound/messaging';
import type { InventoryTransaction, TransactionRunner } from '../domain/ports';
import { PgMovementRequestStore } from './pg-movement-request.store';
import { PgParcelStore } from './pg-parcel.store';
import { PgReservationStore } from './pg-reservation.store';
import { PgRestockStore } from './pg-restock.store';
import { PgStockStore } from './pg-stock.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function inventoryTransaction(manager: EntityManager, outbox: Outbox): InventoryTransaction {
  return {
    stock: new PgStockStore(manager),
    movementRequests: new PgMovementRequestStore(manager),
    parcels: new PgParcelStore(manager),
    restocks: new PgRestockStore(manager),
    reservations: new PgReservationStore(manager),
    events: outboxSink(manager, outbox),
  };
}

export function inventoryTransactions(dataSource: DataSource, outbox: Outbox): TransactionRunner {
  return new ViewTransactionRunner(dataSource, (manager) => inventoryTransaction(manager, outbox));
}
