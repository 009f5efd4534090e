/**
 * The refunds schema: each return's approval terms, its refunds (one per phase) with their payment
 * attempts and the provider's answers, what each return refunded per order line (the cap for the
 * order's later returns), settlements of inspections, adjustments after instant refunds, and the
 * store-credit ledger.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRefunds1795752186025 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE approvals (
        return_id uuid PRIMARY KEY,
        order_id text NOT NULL,
        terms jsonb NOT NULL,
        approved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE refunds (
        refund_id uuid PRIMARY KEY,
        return_id uuid NOT NULL,
        order_id text NOT NULL,
        customer_id text NOT NULL,
        phase text NOT NULL CHECK (phase IN ('instant', 'final')),
        method text NOT NULL CHECK (method IN ('original_payment', 'store_credit')),
        currency char(3) NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        bonus_minor bigint NOT NULL CHECK (bonus_minor >= 0),
        state text NOT NULL CHECK (state IN ('pending', 'processing', 'succeeded', 'failed', 'needs_attention')),
        attempts integer NOT NULL,
        next_attempt_at timestamptz,
        lease_until timestamptz,
        outcome_unknown boolean NOT NULL,
        provider_reference text,
        last_error text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT refunds_return_phase_unique UNIQUE (return_id, phase)
      )`);
    await runner.query('CREATE INDEX refunds_order_idx ON refunds (order_id, created_at)');
    await runner.query(
      "CREATE INDEX refunds_due_idx ON refunds (next_attempt_at) WHERE state IN ('pending', 'processing')",
    );
    await runner.query(`
      CREATE TABLE payment_attempts (
        attempt_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        refund_id uuid NOT NULL REFERENCES refunds (refund_id),
        call text NOT NULL CHECK (call IN ('refund', 'lookup')),
        outcome text NOT NULL,
        answer jsonb,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX payment_attempts_refund_idx ON payment_attempts (refund_id, attempt_id)');
    await runner.query(`
      CREATE TABLE settlements (
        return_id uuid PRIMARY KEY,
        inspection_id uuid NOT NULL,
        refundable_minor bigint NOT NULL,
        settled_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE refund_lines (
        return_id uuid NOT NULL,
        order_id text NOT NULL,
        line_id text NOT NULL,
        accepted_quantity integer NOT NULL,
        gross_minor bigint NOT NULL,
        restocking_fee_minor bigint NOT NULL,
        shipping_fee_minor bigint NOT NULL,
        refund_minor bigint NOT NULL CHECK (refund_minor >= 0),
        CONSTRAINT refund_lines_pkey PRIMARY KEY (return_id, line_id)
      )`);
    await runner.query('CREATE INDEX refund_lines_order_idx ON refund_lines (order_id, line_id)');
    await runner.query(`
      CREATE TABLE adjustments (
        return_id uuid PRIMARY KEY,
        refund_id uuid NOT NULL REFERENCES refunds (refund_id),
        adjustment_minor bigint NOT NULL CHECK (adjustment_minor >= 0),
        kind text NOT NULL CHECK (kind IN ('none', 'store_credit_debit', 'charge_request')),
        refundable_minor bigint NOT NULL,
        adjusted_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE store_credit_entries (
        entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id text NOT NULL,
        refund_id uuid NOT NULL REFERENCES refunds (refund_id),
        currency char(3) NOT NULL,
        amount_minor bigint NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX store_credit_customer_idx ON store_credit_entries (customer_id, entry_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'store_credit_entries',
      'adjustments',
      'refund_lines',
      'settlements',
      'payment_attempts',
      'refunds',
      'approvals',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
