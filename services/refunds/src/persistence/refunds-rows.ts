/** How refunds' rows read as the domain's records, shared by the stores and the reads that select them. */
import type { EntityManager } from 'typeorm';
import type { RefundState, StoreCreditKind } from '@rebound/contracts';
import type { Phase, Refund, RefundPayment } from '../domain/refund';
import type { StoreCreditEntry } from '../domain/store-credit';

export type Row = Record<string, unknown>;

/** The parts of several refunds, by refund and `n`. */
export async function paymentsOfRefunds(
  manager: EntityManager,
  refundIds: readonly string[],
): Promise<RefundPayment[]> {
  const rows: Row[] = await manager.query(
    'SELECT * FROM refund_payments WHERE refund_id = ANY($1::uuid[]) ORDER BY refund_id, n',
    [refundIds],
  );
  return rows.map((row) => ({
    refundId: String(row['refund_id']),
    n: Number(row['n']),
    chargeId: String(row['charge_id']),
    amountMinor: Number(row['amount_minor']),
    lines: row['lines'] as RefundPayment['lines'],
    state: row['state'] as RefundPayment['state'],
    providerReference: (row['provider_reference'] as string | null) ?? null,
  }));
}

export function toStoreCreditEntry(row: Row): StoreCreditEntry {
  const subject = row['actor_subject'] as string | null;
  return {
    entryId: String(row['entry_id']),
    customerId: String(row['customer_id']),
    currency: String(row['currency']),
    kind: row['kind'] as StoreCreditKind,
    amountMinor: Number(row['amount_minor']),
    balanceAfterMinor: Number(row['balance_after_minor']),
    refundId: (row['refund_id'] as string | null) ?? null,
    redemptionId: (row['redemption_id'] as string | null) ?? null,
    orderId: (row['order_id'] as string | null) ?? null,
    actor: subject === null ? null : { subject, clientId: String(row['actor_client_id'] ?? '') },
    at: row['recorded_at'] as Date,
  };
}

export function toRefund(row: Row): Refund {
  return {
    refundId: String(row['refund_id']),
    returnId: String(row['return_id']),
    orderId: String(row['order_id']),
    customerId: String(row['customer_id']),
    phase: row['phase'] as Phase,
    method: row['method'] as Refund['method'],
    currency: String(row['currency']),
    amountMinor: Number(row['amount_minor']),
    bonusMinor: Number(row['bonus_minor']),
    state: row['state'] as RefundState,
    attempts: Number(row['attempts']),
    nextAttemptAt: (row['next_attempt_at'] as Date | null) ?? null,
    outcomeUnknown: Boolean(row['outcome_unknown']),
    providerReference: (row['provider_reference'] as string | null) ?? null,
    lastError: (row['last_error'] as string | null) ?? null,
    createdAt: row['created_at'] as Date,
    updatedAt: row['updated_at'] as Date,
    leaseToken: Number(row['lease_token']),
    reverses: (row['reverses'] as string | null) ?? null,
    reversalReason: (row['reversal_reason'] as Refund['reversalReason']) ?? null,
    ...(row['traceparent'] ? { traceparent: row['traceparent'] as string } : {}),
  };
}
