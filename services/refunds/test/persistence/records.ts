/** Records the store tests keep: a refund as a use case would make it, with ids no other test uses. */
import { randomUUID } from 'node:crypto';
import type { Refund } from '../../src/domain/refund';

export function aRefund(overrides: Partial<Refund> = {}): Refund {
  const at = overrides.createdAt ?? new Date('2026-12-01T10:00:00Z');
  return {
    refundId: randomUUID(),
    returnId: randomUUID(),
    orderId: `order-${randomUUID()}`,
    customerId: `customer-${randomUUID()}`,
    phase: 'final',
    method: 'original_payment',
    currency: 'EUR',
    amountMinor: 1000,
    bonusMinor: 0,
    state: 'pending',
    attempts: 0,
    // Not due: only a test of the claim makes one due, so tests sharing a schema never take each other's.
    nextAttemptAt: null,
    outcomeUnknown: false,
    providerReference: null,
    lastError: null,
    createdAt: at,
    updatedAt: at,
    leaseToken: 0,
    reverses: null,
    reversalReason: null,
    ...overrides,
  };
}
