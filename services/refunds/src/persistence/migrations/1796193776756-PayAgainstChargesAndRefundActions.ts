/**
 * Refunds paid against the charges the order's payments captured, and ops' way out of a declined
 * refund: the captured charges per order line (from approvals), the parts of each refund (one per
 * charge, each its own idempotency key), the `superseded` state for a refund replaced by store
 * credit (a return may then hold a second refund of the phase), and the audit of ops' actions.
 * Refunds to the original payment method still waiting to be paid knew no charge: they need
 * attention, and ops fall them back to store credit.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class PayAgainstChargesAndRefundActions1796193776756 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE captured_charges (
        order_id text NOT NULL,
        charge_id text NOT NULL,
        line_id text NOT NULL,
        captured_minor bigint NOT NULL CHECK (captured_minor > 0),
        CONSTRAINT captured_charges_pkey PRIMARY KEY (order_id, charge_id, line_id)
      )`);
    await runner.query(`
      CREATE TABLE refund_payments (
        refund_id uuid NOT NULL REFERENCES refunds (refund_id),
        n integer NOT NULL CHECK (n >= 1),
        charge_id text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        lines jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed', 'superseded')),
        provider_reference text,
        CONSTRAINT refund_payments_pkey PRIMARY KEY (refund_id, n)
      )`);
    // Attempts before parts existed were about the refund as a whole: its only part.
    await runner.query('ALTER TABLE payment_attempts ADD COLUMN n integer NOT NULL DEFAULT 1');
    await runner.query('ALTER TABLE payment_attempts ALTER COLUMN n DROP DEFAULT');
    await runner.query(`
      CREATE TABLE refund_actions (
        action_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        refund_id uuid NOT NULL REFERENCES refunds (refund_id),
        action text NOT NULL CHECK (action IN ('retry', 'fall_back_to_store_credit')),
        operator_id text NOT NULL,
        reason text NOT NULL,
        replacement_refund_id uuid REFERENCES refunds (refund_id),
        acted_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX refund_actions_refund_idx ON refund_actions (refund_id, action_id)');
    await runner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_state_check');
    await runner.query(`
      ALTER TABLE refunds ADD CONSTRAINT refunds_state_check
        CHECK (state IN ('pending', 'processing', 'succeeded', 'failed', 'needs_attention', 'superseded'))`);
    await runner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_return_phase_unique');
    await runner.query(
      "CREATE UNIQUE INDEX refunds_return_phase_unique ON refunds (return_id, phase) WHERE state <> 'superseded'",
    );
    await runner.query(`
      UPDATE refunds SET state = 'needs_attention', next_attempt_at = NULL, lease_until = NULL,
             last_error = 'paid before refunds knew the order''s charges; fall back to store credit'
       WHERE method = 'original_payment' AND state IN ('pending', 'processing') AND amount_minor > 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX refunds_return_phase_unique');
    await runner.query('ALTER TABLE refunds ADD CONSTRAINT refunds_return_phase_unique UNIQUE (return_id, phase)');
    await runner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_state_check');
    await runner.query(`
      ALTER TABLE refunds ADD CONSTRAINT refunds_state_check
        CHECK (state IN ('pending', 'processing', 'succeeded', 'failed', 'needs_attention'))`);
    await runner.query('ALTER TABLE payment_attempts DROP COLUMN n');
    for (const table of ['refund_actions', 'refund_payments', 'captured_charges']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
