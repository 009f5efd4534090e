/** The RefundsReads port on Postgres: what the API shows of refunds, read outside any use case. */
import type { EntityManager } from 'typeorm';
import type { RefundState } from '@rebound/contracts';
import type { OrderRefundPosition, RefundAction, RefundAdjustment, RefundsReads, StoredAttempt } from '../domain/ports';
import type { SettledExchangeLine } from '../domain/exchange';
import type { PaymentAttempt, Refund, RefundPayment } from '../domain/refund';
import { exchangeLinesOf } from './pg-approvals.store';
import { paymentsOfRefunds, type Row, toRefund } from './refunds-rows';

export class PgRefundsReads implements RefundsReads {
  constructor(private readonly manager: EntityManager) {}

  async refund(refundId: string): Promise<Refund | undefined> {
    const [row]: Row[] = await this.manager.query('SELECT * FROM refunds WHERE refund_id = $1', [refundId]);
    return row && toRefund(row);
  }

  async refundsOfReturn(returnId: string): Promise<Refund[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM refunds WHERE return_id = $1 ORDER BY created_at, phase DESC`,
      [returnId],
    );
    return rows.map(toRefund);
  }

  /**
   * A page of an order's refunds in the order refundsWhere gives them (by creation, final before
   * claw-back), after the cursor's position; refund_id breaks ties so each refund is on one page.
   */
  async refundsOfOrder(orderId: string, limit: number, after?: OrderRefundPosition): Promise<Refund[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM refunds
        WHERE order_id = $1
          AND ($3::timestamptz IS NULL OR created_at >= $3)
          AND ($3::timestamptz IS NULL OR created_at > $3
               OR phase < $4 OR (phase = $4 AND refund_id > $5::uuid))
        ORDER BY created_at, phase DESC, refund_id LIMIT $2`,
      [orderId, limit, after?.createdAt ?? null, after?.phase ?? null, after?.refundId ?? null],
    );
    return rows.map(toRefund);
  }

  /**
   * What the order's succeeded refunds paid, bonus excluded, less succeeded claw-backs of them: every
   * page's at once. An exchange's credit paid for its replacements, not the customer, and a collection
   * charged them: neither counts, nor does charging an exchange's credit back.
   */
  async refundedOfOrder(orderId: string): Promise<number> {
    const [row]: Row[] = await this.manager.query(
      `SELECT COALESCE(sum(CASE WHEN r.phase = 'clawback' THEN -r.amount_minor ELSE r.amount_minor END), 0)::bigint AS refunded
         FROM refunds r LEFT JOIN refunds reversed ON reversed.refund_id = r.reverses
        WHERE r.order_id = $1 AND r.state = 'succeeded' AND r.phase NOT IN ('exchange', 'collection')
          AND (reversed.phase IS NULL OR reversed.phase <> 'exchange')`,
      [orderId],
    );
    return Number(row['refunded']);
  }

  /** Refunds in a state, oldest change first, after the cursor's position. */
  async refundsIn(state: RefundState, limit: number, after?: { updatedAt: Date; refundId: string }): Promise<Refund[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM refunds WHERE state = $1 AND ($3::timestamptz IS NULL OR (updated_at, refund_id) > ($3, $4::uuid))
        ORDER BY updated_at, refund_id LIMIT $2`,
      [state, limit, after?.updatedAt ?? null, after?.refundId ?? null],
    );
    return rows.map(toRefund);
  }

  async attemptsOf(refundIds: readonly string[]): Promise<StoredAttempt[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM payment_attempts WHERE refund_id = ANY($1::uuid[]) ORDER BY attempt_id',
      [refundIds],
    );
    return rows.map((row) => ({
      attemptId: String(row['attempt_id']),
      refundId: String(row['refund_id']),
      n: Number(row['n']),
      call: row['call'] as PaymentAttempt['call'],
      outcome: row['outcome'] as PaymentAttempt['outcome'],
      answer: row['answer'],
      startedAt: row['started_at'] as Date,
      finishedAt: row['finished_at'] as Date,
    }));
  }

  async paymentsOfAll(refundIds: readonly string[]): Promise<RefundPayment[]> {
    return paymentsOfRefunds(this.manager, refundIds);
  }

  /** Ops' actions on refunds, oldest first. */
  async actionsOf(refundIds: readonly string[]): Promise<RefundAction[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM refund_actions WHERE refund_id = ANY($1::uuid[]) ORDER BY action_id',
      [refundIds],
    );
    return rows.map((row) => ({
      refundId: String(row['refund_id']),
      action: row['action'] as RefundAction['action'],
      operatorId: String(row['operator_id']),
      operatorClientId: (row['operator_client_id'] as string | null) ?? null,
      reason: String(row['reason']),
      replacementRefundId: (row['replacement_refund_id'] as string | null) ?? null,
      at: row['acted_at'] as Date,
    }));
  }

  async adjustmentsOf(returnIds: readonly string[]): Promise<(RefundAdjustment & { refundId: string })[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM adjustments WHERE return_id = ANY($1::uuid[]) ORDER BY adjusted_at',
      [returnIds],
    );
    return rows.map((row) => ({
      returnId: String(row['return_id']),
      refundId: String(row['refund_id']),
      adjustmentMinor: Number(row['adjustment_minor']),
      kind: row['kind'] as RefundAdjustment['kind'],
      refundableMinor: Number(row['refundable_minor']),
      at: row['adjusted_at'] as Date,
    }));
  }

  exchangeLinesOf(returnId: string): Promise<SettledExchangeLine[]> {
    return exchangeLinesOf(this.manager, returnId);
  }
}
