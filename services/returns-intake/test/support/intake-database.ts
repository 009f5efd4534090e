/**
 * For the stores' own tests: a schema of its own with returns-intake's migrations applied, a runner
 * that hands each test the real IntakeTransaction, and rows that satisfy the tables' references (an
 * order with its lines, a policy version, a return of one shirt).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import { migratedServiceSchema } from '@rebound/messaging/testing';
import type { Order } from '../../src/domain/order';
import { parsePolicyDocument } from '../../src/domain/policy/policy-document';
import type { IntakeTransaction, TransactionRunner } from '../../src/domain/ports';
import { intakeTransactions } from '../../src/persistence/intake-transactions';
import { ParsedPolicyCache } from '../../src/persistence/pg-policy.store';
import { intakeMigrations } from '../../src/persistence/migrations';
import demoPolicy from '../../policy/default-policy.json';
import { ORDER_LINES } from './orders';

export interface IntakeDatabase {
  readonly dataSource: DataSource;
  readonly transactions: TransactionRunner;
  close(): Promise<void>;
}

export async function intakeDatabase(prefix: string): Promise<IntakeDatabase> {
  const { dataSource, close } = await migratedServiceSchema(`returns-intake-${prefix}`, intakeMigrations);
  return {
    dataSource,
    transactions: intakeTransactions(
      dataSource,
      new Outbox(`/rebound/${Services.returnsIntake.name}`),
      new ParsedPolicyCache(),
    ),
    close,
  };
}

/** An order of its own (new id each call), delivered, with the test lines and one charge. */
export function storedOrderOf(overrides: Partial<Order> = {}): Order {
  return {
    orderId: `order-${randomUUID()}`,
    customerId: `customer-${randomUUID()}`,
    loyaltyTier: null,
    currency: 'EUR',
    shippingRegion: 'DE',
    placedAt: new Date('2026-06-01T10:00:00Z'),
    deliveredAt: new Date('2026-06-03T10:00:00Z'),
    lines: [...ORDER_LINES],
    payments: [{ chargeId: 'ch-1', allocations: [{ lineId: 'shirt', amountMinor: 5998 }] }],
    ...overrides,
  };
}

/** Stores the demo policy as a new version and returns its number. */
export async function withPolicy(tx: IntakeTransaction): Promise<number> {
  const record = await tx.policies.append({
    document: parsePolicyDocument(demoPolicy),
    checksum: randomUUID(),
    source: 'file',
    createdBy: 'policy-file',
    createdByClient: null,
    note: null,
  });
  return record.version;
}
