import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order-line ledger, claw-backs and fenced leases.
 *
 * - `ledger_entries`: every movement of refunded money on an order line (see domain/money-ledger.ts).
 *   Refunds made before it are booked once here: a refund paid to the original payment method by the
 *   lines of its parts (paid, still to pay, or declined and not yet paid again); store credit by the
 *   approval's lines in order, each up to its price × the units returned.
 * - `refund_payments`: state `retried` (declined, and paid again as a new part: a later retry skips it),
 *   set on the declined parts earlier retries already paid again; `cancelled`.
 * - `refunds`: phase `clawback` (money taken back) with the refund it `reverses`; `reversal_reason` on
 *   an instant refund taken back, or on a claw-back; state `cancelled`; `lease_token`, raised by every
 *   claim, so only the current lease holder records an answer.
 * - `settlements`: when it was applied (earlier ones were at once); its lines are the return's `refund_lines`.
 */
export class MoneyLedger1796310000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ledger_entries (
        entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id text NOT NULL,
        line_id text NOT NULL,
        return_id uuid NOT NULL,
        refund_id uuid NOT NULL REFERENCES refunds (refund_id),
        kind text NOT NULL
          CHECK (kind IN ('instant', 'final', 'store_credit', 'release', 'reversal', 'adjustment')),
        amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
        recorded_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX ledger_entries_order_idx ON ledger_entries (order_id, line_id)');
    await runner.query('CREATE INDEX ledger_entries_refund_idx ON ledger_entries (refund_id)');
    await runner.query(`
      ALTER TABLE refunds
        ADD COLUMN lease_token bigint NOT NULL DEFAULT 0,
        ADD COLUMN reverses uuid REFERENCES refunds (refund_id),
        ADD COLUMN reversal_reason text CHECK (reversal_reason IN ('cancelled', 'expired', 'abandoned', 'inspection'))`);
    await runner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_phase_check');
    await runner.query(
      "ALTER TABLE refunds ADD CONSTRAINT refunds_phase_check CHECK (phase IN ('instant', 'final', 'clawback'))",
    );
    await runner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_state_check');
    await runner.query(`
      ALTER TABLE refunds ADD CONSTRAINT refunds_state_check
        CHECK (state IN ('pending', 'processing', 'succeeded', 'failed', 'needs_attention', 'superseded', 'cancelled'))`);
    await runner.query('ALTER TABLE refund_payments DROP CONSTRAINT refund_payments_state_check');
    await runner.query(`
      ALTER TABLE refund_payments ADD CONSTRAINT refund_payments_state_check
        CHECK (state IN ('pending', 'succeeded', 'failed', 'retried', 'superseded', 'cancelled'))`);
    await runner.query(`
      UPDATE refund_payments p SET state = 'retried'
       WHERE p.state = 'failed' AND EXISTS (
         SELECT 1 FROM refund_payments q WHERE q.refund_id = p.refund_id AND q.charge_id = p.charge_id AND q.n > p.n)`);
    await runner.query('ALTER TABLE payment_attempts DROP CONSTRAINT payment_attempts_call_check');
    await runner.query(
      "ALTER TABLE payment_attempts ADD CONSTRAINT payment_attempts_call_check CHECK (call IN ('refund', 'charge', 'lookup'))",
    );
    await runner.query('ALTER TABLE settlements ADD COLUMN applied_at timestamptz');
    await runner.query('UPDATE settlements SET applied_at = settled_at');
    await runner.query(`
      INSERT INTO ledger_entries (order_id, line_id, return_id, refund_id, kind, amount_minor, recorded_at)
      SELECT r.order_id, share->>'lineId', r.return_id, r.refund_id, r.phase,
             sum((share->>'amountMinor')::bigint), r.created_at
        FROM refunds r
        JOIN refund_payments p ON p.refund_id = r.refund_id
        CROSS JOIN LATERAL jsonb_array_elements(p.lines) AS share
       WHERE r.state <> 'superseded'
         AND p.state IN ('pending', 'succeeded', 'failed')
       GROUP BY r.order_id, share->>'lineId', r.return_id, r.refund_id, r.phase, r.created_at
      HAVING sum((share->>'amountMinor')::bigint) <> 0`);
    await runner.query(`
      INSERT INTO ledger_entries (order_id, line_id, return_id, refund_id, kind, amount_minor, recorded_at)
      SELECT order_id, line_id, return_id, refund_id, 'store_credit', share, created_at
        FROM (
          SELECT r.order_id, r.return_id, r.refund_id, r.created_at, line->>'lineId' AS line_id,
                 least(room, greatest(0, r.amount_minor - coalesce(sum(room) OVER (
                   PARTITION BY r.refund_id ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS share
            FROM refunds r
            JOIN approvals a ON a.return_id = r.return_id
            CROSS JOIN LATERAL jsonb_array_elements(a.terms->'lines') WITH ORDINALITY AS l(line, ord)
            CROSS JOIN LATERAL (SELECT (line->>'unitPriceMinor')::bigint * (line->>'quantity')::bigint AS room) AS rooms
           WHERE r.method = 'store_credit' AND r.state <> 'superseded' AND r.amount_minor > 0
        ) AS shares
       WHERE share > 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ledger_entries');
    await runner.query('ALTER TABLE settlements DROP COLUMN applied_at');
    await runner.query('ALTER TABLE payment_attempts DROP CONSTRAINT payment_attempts_call_check');
    await runner.query(
      "ALTER TABLE payment_attempts ADD CONSTRAINT payment_attempts_call_check CHECK (call IN ('refund', 'lookup'))",
    );
    await runner.query('ALTER TABLE refund_payments DROP CONSTRAINT refund_payments_state_check');
    await runner.query("UPDATE refund_payments SET state = 'failed' WHERE state = 'retried'");
    await runner.query(`
      ALTER TABLE refund_payments ADD CONSTRAINT refund_payments_state_check
        CHECK (state IN ('pending', 'succeeded', 'failed', 'superseded'))`);
    await runner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_state_check');
    await runner.query(`
      ALTER TABLE refunds ADD CONSTRAINT refunds_state_check
        CHECK (state IN ('pending', 'processing', 'succeeded', 'failed', 'needs_attention', 'superseded'))`);
    await runner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_phase_check');
    await runner.query("ALTER TABLE refunds ADD CONSTRAINT refunds_phase_check CHECK (phase IN ('instant', 'final'))");
    await runner.query(
      'ALTER TABLE refunds DROP COLUMN lease_token, DROP COLUMN reverses, DROP COLUMN reversal_reason',
    );
  }
}
