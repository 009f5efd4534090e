/**
 * Transactions for the use cases: each gets every store and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together. Row-lock conflicts and lost
 * serialisation races are retried by the runner. The process's transactions share one
 * ParsedPolicyCache (the policy is parsed once per version, not once per return).
 */
import { DataSource, EntityManager } from 'typeorm';
import { Outbox, ViewTransactionRunner, outboxSink } from '@rebound/messaging';
import type { IntakeTransaction, TransactionRunner } from '../domain/ports';
import { PgCatalogueStore } from './pg-catalogue.store';
import { PgExchangeHistoryStore } from './pg-exchange-history.store';
import { PgIdempotencyKeys } from './pg-idempotency-keys.store';
import { PgOrdersStore } from './pg-orders.store';
import { PgPartnerCoverageStore } from './pg-partner-coverage.store';
import { ParsedPolicyCache, PgPolicyStore } from './pg-policy.store';
import { PgReturnsStore } from './pg-returns.store';

/** One transaction seen through the ports: an API call's own, or the inbox's a Kafka handler runs in. */
export function intakeTransaction(
  manager: EntityManager,
  outbox: Outbox,
  parsedPolicies: ParsedPolicyCache,
): IntakeTransaction {
  return {
    orders: new PgOrdersStore(manager),
    coverage: new PgPartnerCoverageStore(manager),
    catalogue: new PgCatalogueStore(manager),
    exchanges: new PgExchangeHistoryStore(manager),
    policies: new PgPolicyStore(manager, parsedPolicies),
    idempotencyKeys: new PgIdempotencyKeys(manager),
    returns: new PgReturnsStore(manager),
    events: outboxSink(manager, outbox),
  };
}

export function intakeTransactions(
  dataSource: DataSource,
  outbox: Outbox,
  parsedPolicies: ParsedPolicyCache,
): TransactionRunner {
  return new ViewTransactionRunner(dataSource, (manager) => intakeTransaction(manager, outbox, parsedPolicies));
}
