/**
 * For the stores' own tests: a schema of its own with returns-intake's migrations applied, a runner
 * that hands each test the real IntakeTransaction, and rows that satisfy the tables' references (an
 * order with its lines, a policy version, a stored return of one shirt, its decisions and timeline).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import { migratedServiceSchema } from '@rebound/messaging/testing';
import type { Order } from '../../src/domain/order';
import { parsePolicyDocument } from '../../src/domain/policy/policy-document';
import type { IntakeTransaction, TransactionRunner } from '../../src/domain/ports';
import type { Decision, ReturnRequest, TimelineEntry } from '../../src/domain/return-request';
import type { ReturnStatus } from '../../src/domain/return-status';
import { intakeTransactions } from '../../src/persistence/intake-transactions';
import { ParsedPolicyCache } from '../../src/persistence/pg-policy.store';
import { intakeMigrations } from '../../src/persistence/migrations';
import demoPolicy from '../../policy/default-policy.json';
import { returnOf } from '../fakes/in-memory-intake';
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

/**
 * Stores a return of one shirt from `order` in `status` (and the order, unless it is stored
 * already), opened at `at`: by default a week after the order was delivered.
 */
export async function storedReturn(
  db: IntakeDatabase,
  policyVersion: number,
  status: ReturnStatus,
  { order = storedOrderOf(), at = new Date('2026-06-10T10:00:00.000Z') }: { order?: Order; at?: Date } = {},
): Promise<ReturnRequest> {
  const request = returnOf(order, policyVersion, status, at);
  await db.transactions.run(async (tx) => {
    if (!(await tx.orders.find(order.orderId))) await tx.orders.save(order);
    await tx.returns.insert(request);
  });
  return request;
}

/** A decision on `request` taken at `at`: held for review by the policy, or approved by an agent with a note. */
export function decisionOn(request: ReturnRequest, outcome: 'pending_review' | 'approved', at: string): Decision {
  return {
    decisionId: randomUUID(),
    returnId: request.returnId,
    outcome,
    policyVersion: request.policyVersion,
    decidedBy: outcome === 'approved' ? 'agent-1' : 'policy',
    note: outcome === 'approved' ? 'photos look fine' : null,
    inputs: { at, nested: { units: [1, 2] } },
    assessment: { outcome } as never,
    decidedAt: new Date(at),
  };
}

/** A fact about `request` that happened at `at`; an agent made the approval, other services reported the rest. */
export function timelineEntryOn(request: ReturnRequest, eventType: string, at: string): TimelineEntry {
  return {
    eventId: randomUUID(),
    returnId: request.returnId,
    eventType,
    source: '/rebound/test',
    occurredAt: new Date(at),
    statusAfter: 'approved',
    details: { eventType },
    actor: eventType === 'ReturnApproved' ? { subject: 'agent-1', clientId: 'backoffice' } : null,
  };
}
