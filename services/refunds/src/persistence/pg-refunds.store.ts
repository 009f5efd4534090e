/**
 * The RefundsStore port on Postgres, in one transaction: refunds, their parts, provider calls and ops'
 * actions. Plain SQL: the claim of a due payment (SKIP LOCKED, leases) is visible here.
 */
import type { EntityManager } from 'typeorm';
import { traceparentForOutgoing } from '@rebound/observability';
import type { RefundAction, RefundsStore } from '../domain/ports';
import type { PaymentAttempt, Phase, Refund, RefundPayment } from '../domain/refund';
import { paymentsOfRefunds, type Row, toRefund } from './refunds-rows';

export class PgRefundsStore implements RefundsStore {
  constructor(private readonly manager: EntityManager) {}

  async insertRefund(refund: Refund): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO refunds (refund_id, return_id, order_id, customer_id, phase, method, currency, amount_minor,
                            bonus_minor, state, attempts, next_attempt_at, outcome_unknown, provider_reference,
                            last_error, created_at, updated_at, traceparent, reverses, reversal_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
       ON CONFLICT (return_id, phase) WHERE state <> 'superseded' AND phase <> 'clawback' DO NOTHING
       RETURNING refund_id`,
      [
        refund.refundId,
        refund.returnId,
        refund.orderId,
        refund.customerId,
        refund.phase,
        refund.method,
        refund.currency,
        refund.amountMinor,
        refund.bonusMinor,
        refund.state,
        refund.attempts,
        refund.nextAttemptAt,
        refund.outcomeUnknown,
        refund.providerReference,
        refund.lastError,
        refund.createdAt,
        refund.updatedAt,
        // The trace of the work creating it (the return's journey), as the outbox keeps it for events.
        traceparentForOutgoing(),
        refund.reverses,
        refund.reversalReason,
      ],
    );
    return rows.length === 1;
  }

  async lockInstantRefunds(returnId: string): Promise<Refund[]> {
    const rows: Row[] = await this.manager.query(
      "SELECT * FROM refunds WHERE return_id = $1 AND phase = 'instant' ORDER BY created_at, refund_id FOR UPDATE",
      [returnId],
    );
    return rows.map(toRefund);
  }

  async lockRefundsOf(returnId: string, phase: Phase): Promise<Refund[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM refunds WHERE return_id = $1 AND phase = $2 ORDER BY created_at, refund_id FOR UPDATE',
      [returnId, phase],
    );
    return rows.map(toRefund);
  }

  async insertPayments(payments: readonly RefundPayment[]): Promise<void> {
    for (const payment of payments) {
      await this.manager.query(
        `INSERT INTO refund_payments (refund_id, n, charge_id, amount_minor, lines, state, provider_reference)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
        [
          payment.refundId,
          payment.n,
          payment.chargeId,
          payment.amountMinor,
          JSON.stringify(payment.lines),
          payment.state,
          payment.providerReference,
        ],
      );
    }
  }

  async paymentsOf(refundId: string): Promise<RefundPayment[]> {
    return (await paymentsOfRefunds(this.manager, [refundId])).filter((payment) => payment.refundId === refundId);
  }

  async updatePayment(payment: RefundPayment): Promise<void> {
    await this.manager.query(
      'UPDATE refund_payments SET state = $3, provider_reference = $4 WHERE refund_id = $1 AND n = $2',
      [payment.refundId, payment.n, payment.state, payment.providerReference],
    );
  }

  async recordAction(action: RefundAction): Promise<void> {
    await this.manager.query(
      `INSERT INTO refund_actions
         (refund_id, action, operator_id, operator_client_id, reason, replacement_refund_id, acted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        action.refundId,
        action.action,
        action.operatorId,
        action.operatorClientId,
        action.reason,
        action.replacementRefundId,
        action.at,
      ],
    );
  }

  async refund(refundId: string): Promise<Refund | undefined> {
    const [row]: Row[] = await this.manager.query('SELECT * FROM refunds WHERE refund_id = $1', [refundId]);
    return row && toRefund(row);
  }

  async lockRefund(refundId: string): Promise<Refund | undefined> {
    const [row]: Row[] = await this.manager.query('SELECT * FROM refunds WHERE refund_id = $1 FOR UPDATE', [refundId]);
    return row && toRefund(row);
  }

  async updateRefund(refund: Refund): Promise<void> {
    await this.manager.query(
      `UPDATE refunds SET state = $2, attempts = $3, next_attempt_at = $4, outcome_unknown = $5,
              provider_reference = $6, last_error = $7, updated_at = $8, reversal_reason = $9,
              -- A refund still being paid keeps its lease: if its worker dies, another takes it over.
              lease_until = CASE WHEN $2 = 'processing' THEN lease_until END
        WHERE refund_id = $1`,
      [
        refund.refundId,
        refund.state,
        refund.attempts,
        refund.nextAttemptAt,
        refund.outcomeUnknown,
        refund.providerReference,
        refund.lastError,
        refund.updatedAt,
        refund.reversalReason,
      ],
    );
  }

  async recordAttempt(attempt: PaymentAttempt): Promise<void> {
    await this.manager.query(
      `INSERT INTO payment_attempts (refund_id, n, call, outcome, answer, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
      [
        attempt.refundId,
        attempt.n,
        attempt.call,
        attempt.outcome,
        JSON.stringify(attempt.answer ?? null),
        attempt.startedAt,
        attempt.finishedAt,
      ],
    );
  }

  async claimDuePayment(now: Date, leaseUntil: Date): Promise<Refund | undefined> {
    // A refund still processing after its lease ran out was being paid by a process that died: what
    // that call did is not known, so the next one asks the provider first.
    const [rows]: [Row[], number] = await this.manager.query(
      `UPDATE refunds r
          SET outcome_unknown = r.outcome_unknown OR r.state = 'processing',
              state = 'processing', lease_until = $2, lease_token = r.lease_token + 1, updated_at = $1
        WHERE r.refund_id = (
          SELECT refund_id FROM refunds
           WHERE (state = 'pending' AND next_attempt_at <= $1) OR (state = 'processing' AND lease_until < $1)
           ORDER BY next_attempt_at NULLS FIRST
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
        RETURNING r.*`,
      [now, leaseUntil],
    );
    const [row] = rows;
    return row && toRefund(row);
  }
}
