/**
 * The RefundsStore port on Postgres, bound to one transaction's EntityManager, plus the reads the API
 * serves. Plain SQL: the claim of a due payment (SKIP LOCKED, leases) is visible here.
 */
import { EntityManager } from 'typeorm';
import { chargeLineKey } from '../domain/charge-allocation';
import type { Capture, LedgerEntry } from '../domain/money-ledger';
import type {
  RefundAction,
  RefundAdjustment,
  RefundsStore,
  Settlement,
  SettlementRecord,
  StoreCreditRedemption,
} from '../domain/ports';
import type { ApprovedTerms, LineRefund } from '../domain/refund-amount';
import type { RefundState, StoreCreditKind } from '@rebound/contracts';
import { traceparentForOutgoing } from '@rebound/observability';
import type { PaymentAttempt, Phase, Refund, RefundPayment } from '../domain/refund';
import type { StoreCreditBalance, StoreCreditChange, StoreCreditEntry } from '../domain/store-credit';

type Row = Record<string, unknown>;

/** Where a page of an order's refunds ends: the sort key of its last refund. */
export interface OrderRefundPosition {
  readonly createdAt: Date;
  readonly phase: string;
  readonly refundId: string;
}

export interface StoredAttempt extends PaymentAttempt {
  readonly attemptId: string;
}

export class PgRefundsStore implements RefundsStore {
  constructor(private readonly manager: EntityManager) {}

  async lockOrderMoney(orderId: string): Promise<void> {
    await this.manager.query("SELECT pg_advisory_xact_lock(hashtextextended('refunds.order:' || $1, 0))", [orderId]);
  }

  async keepApproval(terms: ApprovedTerms): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO approvals (return_id, order_id, terms) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (return_id) DO NOTHING RETURNING return_id`,
      [terms.returnId, terms.orderId, JSON.stringify(terms)],
    );
    if (rows.length === 0) return false;
    await this.recordCaptures(
      terms.orderId,
      terms.lines.flatMap((line) =>
        line.charges.map((charge) => ({
          chargeId: charge.chargeId,
          lineId: line.lineId,
          amountMinor: charge.amountMinor,
        })),
      ),
    );
    return true;
  }

  async recordCaptures(orderId: string, captures: readonly Capture[]): Promise<void> {
    if (captures.length === 0) return;
    await this.manager.query(
      `INSERT INTO captured_charges (order_id, charge_id, line_id, captured_minor)
       SELECT $1, c.charge_id, c.line_id, c.captured_minor
         FROM unnest($2::text[], $3::text[], $4::bigint[]) AS c (charge_id, line_id, captured_minor)
       ON CONFLICT (order_id, charge_id, line_id) DO NOTHING`,
      [
        orderId,
        captures.map((capture) => capture.chargeId),
        captures.map((capture) => capture.lineId),
        captures.map((capture) => capture.amountMinor),
      ],
    );
  }

  async refundableCharges(orderId: string): Promise<Capture[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT charge_id, line_id, captured_minor AS amount, 0 AS source, charge_id AS position FROM captured_charges
        WHERE order_id = $1
       UNION ALL
       SELECT p.provider_reference, share->>'lineId', (share->>'amountMinor')::bigint, 1, r.created_at::text || p.n
         FROM refund_payments p JOIN refunds r ON r.refund_id = p.refund_id
              CROSS JOIN LATERAL jsonb_array_elements(p.lines) AS share
        WHERE r.order_id = $1 AND r.phase = 'clawback' AND p.state = 'succeeded'
       ORDER BY source, position`,
      [orderId],
    );
    return rows.map((row) => ({
      chargeId: String(row['charge_id']),
      lineId: String(row['line_id']),
      amountMinor: Number(row['amount']),
    }));
  }

  async capturedPerLine(orderId: string): Promise<Map<string, number>> {
    const rows: Row[] = await this.manager.query(
      'SELECT line_id, sum(captured_minor)::bigint AS captured FROM captured_charges WHERE order_id = $1 GROUP BY line_id',
      [orderId],
    );
    return new Map(rows.map((row) => [String(row['line_id']), Number(row['captured'])]));
  }

  async ledgerPerLine(orderId: string, exceptReturnId?: string): Promise<Map<string, number>> {
    const rows: Row[] = await this.manager.query(
      `SELECT line_id, sum(amount_minor)::bigint AS refunded FROM ledger_entries
        WHERE order_id = $1 AND ($2::uuid IS NULL OR return_id <> $2) GROUP BY line_id`,
      [orderId, exceptReturnId ?? null],
    );
    return new Map(rows.map((row) => [String(row['line_id']), Number(row['refunded'])]));
  }

  async ledgerOfRefund(refundId: string): Promise<Map<string, number>> {
    const rows: Row[] = await this.manager.query(
      `SELECT line_id, sum(amount_minor)::bigint AS amount FROM ledger_entries WHERE refund_id = $1
        GROUP BY line_id HAVING sum(amount_minor) <> 0 ORDER BY min(entry_id)`,
      [refundId],
    );
    return new Map(rows.map((row) => [String(row['line_id']), Number(row['amount'])]));
  }

  async appendLedger(entries: readonly LedgerEntry[]): Promise<void> {
    await this.manager.query(
      `INSERT INTO ledger_entries (order_id, line_id, return_id, refund_id, kind, amount_minor, recorded_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::bigint[], $7::timestamptz[])`,
      [
        entries.map((entry) => entry.orderId),
        entries.map((entry) => entry.lineId),
        entries.map((entry) => entry.returnId),
        entries.map((entry) => entry.refundId),
        entries.map((entry) => entry.kind),
        entries.map((entry) => entry.amountMinor),
        entries.map((entry) => entry.at),
      ],
    );
  }

  async approvalOf(returnId: string): Promise<ApprovedTerms | undefined> {
    const [row]: Row[] = await this.manager.query('SELECT terms FROM approvals WHERE return_id = $1', [returnId]);
    return row ? (row['terms'] as ApprovedTerms) : undefined;
  }

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
    return (await this.paymentsOfAll([refundId])).filter((payment) => payment.refundId === refundId);
  }

  /** The parts of several refunds, by refund and `n`. */
  async paymentsOfAll(refundIds: readonly string[]): Promise<RefundPayment[]> {
    const rows: Row[] = await this.manager.query(
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

  async updatePayment(payment: RefundPayment): Promise<void> {
    await this.manager.query(
      'UPDATE refund_payments SET state = $3, provider_reference = $4 WHERE refund_id = $1 AND n = $2',
      [payment.refundId, payment.n, payment.state, payment.providerReference],
    );
  }

  async takenFromCharges(orderId: string): Promise<Map<string, number>> {
    // Paid, or still to pay: a declined or superseded part took nothing.
    const rows: Row[] = await this.manager.query(
      `SELECT p.charge_id, share->>'lineId' AS line_id, sum((share->>'amountMinor')::bigint)::bigint AS taken
         FROM refund_payments p JOIN refunds r ON r.refund_id = p.refund_id
              CROSS JOIN LATERAL jsonb_array_elements(p.lines) AS share
        WHERE r.order_id = $1 AND r.phase <> 'clawback' AND p.state IN ('pending', 'succeeded')
        GROUP BY p.charge_id, share->>'lineId'`,
      [orderId],
    );
    return new Map(
      rows.map((row) => [chargeLineKey(String(row['charge_id']), String(row['line_id'])), Number(row['taken'])]),
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

  async settle(settlement: SettlementRecord, lines: readonly LineRefund[]): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO settlements (return_id, inspection_id, refundable_minor, settled_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (return_id) DO NOTHING RETURNING return_id`,
      [settlement.returnId, settlement.inspectionId, settlement.refundableMinor, settlement.at],
    );
    if (rows.length === 0) return false;
    await this.recordLines(settlement.returnId, settlement.orderId, lines);
    return true;
  }

  async pendingSettlement(returnId: string): Promise<Settlement | undefined> {
    const [row]: Row[] = await this.manager.query(
      `SELECT s.*, coalesce((SELECT jsonb_agg(jsonb_build_object('lineId', l.line_id, 'amountMinor', l.refund_minor))
                               FROM refund_lines l WHERE l.return_id = s.return_id), '[]') AS lines
         FROM settlements s WHERE s.return_id = $1 AND s.applied_at IS NULL`,
      [returnId],
    );
    return (
      row && {
        returnId: String(row['return_id']),
        inspectionId: String(row['inspection_id']),
        refundableMinor: Number(row['refundable_minor']),
        lines: (row['lines'] as { lineId: string; amountMinor: string | number }[]).map((line) => ({
          lineId: line.lineId,
          amountMinor: Number(line.amountMinor),
        })),
        at: row['settled_at'] as Date,
      }
    );
  }

  async markSettlementApplied(returnId: string, at: Date): Promise<void> {
    await this.manager.query('UPDATE settlements SET applied_at = $2 WHERE return_id = $1', [returnId, at]);
  }

  private async recordLines(returnId: string, orderId: string, lines: readonly LineRefund[]): Promise<void> {
    for (const line of lines) {
      await this.manager.query(
        `INSERT INTO refund_lines (return_id, order_id, line_id, accepted_quantity, gross_minor, restocking_fee_minor,
                                   shipping_fee_minor, refund_minor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          returnId,
          orderId,
          line.lineId,
          line.acceptedQuantity,
          line.grossMinor,
          line.restockingFeeMinor,
          line.shippingFeeMinor,
          line.refundMinor,
        ],
      );
    }
  }

  async recordAdjustment(adjustment: RefundAdjustment): Promise<void> {
    await this.manager.query(
      `INSERT INTO adjustments (return_id, refund_id, adjustment_minor, kind, refundable_minor, adjusted_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        adjustment.returnId,
        adjustment.refundId,
        adjustment.adjustmentMinor,
        adjustment.kind,
        adjustment.refundableMinor,
        adjustment.at,
      ],
    );
  }

  async lockStoreCredit(customerId: string, currency: string, at: Date): Promise<number> {
    await this.manager.query(
      `INSERT INTO store_credit_accounts (customer_id, currency, balance_minor, updated_at) VALUES ($1, $2, 0, $3)
       ON CONFLICT (customer_id, currency) DO NOTHING`,
      [customerId, currency, at],
    );
    const [row]: Row[] = await this.manager.query(
      'SELECT balance_minor FROM store_credit_accounts WHERE customer_id = $1 AND currency = $2 FOR UPDATE',
      [customerId, currency],
    );
    return Number(row['balance_minor']);
  }

  async appendStoreCredit(change: StoreCreditChange, balanceAfterMinor: number): Promise<StoreCreditEntry> {
    const [row]: Row[] = await this.manager.query(
      `INSERT INTO store_credit_ledger (customer_id, currency, kind, amount_minor, balance_after_minor, refund_id,
                                        redemption_id, order_id, actor_subject, actor_client_id, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [
        change.customerId,
        change.currency,
        change.kind,
        change.amountMinor,
        balanceAfterMinor,
        change.refundId,
        change.redemptionId,
        change.orderId,
        change.actor?.subject ?? null,
        // A token that names no client leaves the client unknown, as for ops' actions.
        change.actor?.clientId || null,
        change.at,
      ],
    );
    await this.manager.query(
      `UPDATE store_credit_accounts SET balance_minor = $3, updated_at = $4 WHERE customer_id = $1 AND currency = $2`,
      [change.customerId, change.currency, balanceAfterMinor, change.at],
    );
    return toStoreCreditEntry(row);
  }

  async claimRedemption(redemption: StoreCreditRedemption): Promise<StoreCreditRedemption | undefined> {
    const inserted: Row[] = await this.manager.query(
      `INSERT INTO store_credit_redemptions (redemption_id, customer_id, currency, amount_minor, order_id,
                                             idempotency_key, client_id, request_hash, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (client_id, idempotency_key) DO NOTHING RETURNING redemption_id`,
      [
        redemption.redemptionId,
        redemption.customerId,
        redemption.currency,
        redemption.amountMinor,
        redemption.orderId,
        redemption.idempotencyKey,
        redemption.clientId,
        redemption.requestHash,
        redemption.at,
      ],
    );
    if (inserted.length === 1) return undefined;
    // The key's first request committed before this statement began (the insert waited for it), so it is seen here.
    const [row]: Row[] = await this.manager.query(
      'SELECT * FROM store_credit_redemptions WHERE client_id = $1 AND idempotency_key = $2',
      [redemption.clientId, redemption.idempotencyKey],
    );
    return {
      redemptionId: String(row['redemption_id']),
      customerId: String(row['customer_id']),
      currency: String(row['currency']),
      amountMinor: Number(row['amount_minor']),
      orderId: (row['order_id'] as string | null) ?? null,
      idempotencyKey: String(row['idempotency_key']),
      clientId: String(row['client_id']),
      requestHash: String(row['request_hash']),
      at: row['recorded_at'] as Date,
    };
  }

  async redemptionEntry(redemptionId: string): Promise<StoreCreditEntry | undefined> {
    const [row]: Row[] = await this.manager.query('SELECT * FROM store_credit_ledger WHERE redemption_id = $1', [
      redemptionId,
    ]);
    return row && toStoreCreditEntry(row);
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

  async refund(refundId: string): Promise<Refund | undefined> {
    const [row]: Row[] = await this.manager.query('SELECT * FROM refunds WHERE refund_id = $1', [refundId]);
    return row && toRefund(row);
  }

  /** Refunds of a return, or of an order, oldest first. */
  async refundsWhere(column: 'return_id' | 'order_id', value: string): Promise<Refund[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM refunds WHERE ${column} = $1 ORDER BY created_at, phase DESC`,
      [value],
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

  /** What the order's succeeded refunds paid, bonus excluded, less succeeded claw-backs: every page's at once. */
  async refundedOfOrder(orderId: string): Promise<number> {
    const [row]: Row[] = await this.manager.query(
      `SELECT COALESCE(sum(CASE WHEN phase = 'clawback' THEN -amount_minor ELSE amount_minor END), 0)::bigint AS refunded
         FROM refunds WHERE order_id = $1 AND state = 'succeeded'`,
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

  /** Whether refunds knows anything of the order: an approval, a capture or a refund. */
  async knowsOrder(orderId: string): Promise<boolean> {
    const [row]: Row[] = await this.manager.query(
      `SELECT EXISTS (SELECT 1 FROM approvals WHERE order_id = $1)
           OR EXISTS (SELECT 1 FROM captured_charges WHERE order_id = $1)
           OR EXISTS (SELECT 1 FROM refunds WHERE order_id = $1) AS known`,
      [orderId],
    );
    return Boolean(row?.['known']);
  }

  /** What the order's payments captured, per charge and line, by line and charge. */
  async capturesOf(orderId: string): Promise<Capture[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT charge_id, line_id, captured_minor FROM captured_charges WHERE order_id = $1 ORDER BY line_id, charge_id',
      [orderId],
    );
    return rows.map((row) => ({
      chargeId: String(row['charge_id']),
      lineId: String(row['line_id']),
      amountMinor: Number(row['captured_minor']),
    }));
  }

  /** The order's ledger entries, in the order they were booked. */
  async ledgerOf(orderId: string): Promise<LedgerEntry[]> {
    const rows: Row[] = await this.manager.query('SELECT * FROM ledger_entries WHERE order_id = $1 ORDER BY entry_id', [
      orderId,
    ]);
    return rows.map((row) => ({
      orderId: String(row['order_id']),
      lineId: String(row['line_id']),
      returnId: String(row['return_id']),
      refundId: String(row['refund_id']),
      kind: row['kind'] as LedgerEntry['kind'],
      amountMinor: Number(row['amount_minor']),
      at: row['recorded_at'] as Date,
    }));
  }

  /** Per refund, what its store-credit debits took from the customer's balance. */
  async storeCreditTakenBy(refundIds: readonly string[]): Promise<Map<string, number>> {
    const rows: Row[] = await this.manager.query(
      `SELECT refund_id, -sum(amount_minor)::bigint AS taken FROM store_credit_ledger
        WHERE refund_id = ANY($1::uuid[]) AND amount_minor < 0 GROUP BY refund_id`,
      [refundIds],
    );
    return new Map(rows.map((row) => [String(row['refund_id']), Number(row['taken'])]));
  }

  /** A customer's store-credit balance in each currency they ever held credit in, by currency. */
  async storeCreditBalances(customerId: string): Promise<StoreCreditBalance[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM store_credit_accounts WHERE customer_id = $1 ORDER BY currency',
      [customerId],
    );
    return rows.map((row) => ({
      customerId: String(row['customer_id']),
      currency: String(row['currency']),
      balanceMinor: Number(row['balance_minor']),
      updatedAt: row['updated_at'] as Date,
    }));
  }

  /** A customer's store-credit ledger, newest first, in one currency or all, before the entry `before`. */
  async storeCreditEntries(
    customerId: string,
    currency: string | undefined,
    limit: number,
    before?: string,
  ): Promise<StoreCreditEntry[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM store_credit_ledger
        WHERE customer_id = $1 AND ($2::text IS NULL OR currency = $2) AND ($4::bigint IS NULL OR entry_id < $4)
        ORDER BY entry_id DESC LIMIT $3`,
      [customerId, currency ?? null, limit, before ?? null],
    );
    return rows.map(toStoreCreditEntry);
  }
}

function toStoreCreditEntry(row: Row): StoreCreditEntry {
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

function toRefund(row: Row): Refund {
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
