import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exchanges and returnless lines (issue 24).
 *
 * - `approvals.terms`: each line's `resolution` (what the customer chose: refund, exchange, keep) and
 *   the return's `instantExchange`; approvals kept before are refunds of every line, not instant.
 * - `approvals.ended_reason`: the return ended without its items (cancelled, expired, pickup abandoned) —
 *   an instant exchange settled after that is charged back at once.
 * - `refunds.phase`: `returnless` (kept lines, refunded on approval), `exchange` (the credit returned
 *   items gave towards their replacements: no money moves), `surplus` (its excess, refunded) and
 *   `collection` (the replacements' excess cost, charged through the provider).
 * - `ledger_entries.kind`: `exchange`, what an exchange's credit used of a line (replacement and surplus).
 * - `exchange_orders`: the replacements the commerce platform was asked to ship, once per return.
 * - `exchange_lines`: how each exchanged line was settled.
 */
export class Exchanges1796600000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      UPDATE approvals
         SET terms = jsonb_set(terms, '{lines}', (
               SELECT jsonb_agg(line || '{"resolution": {"kind": "refund"}}'::jsonb ORDER BY ord)
                 FROM jsonb_array_elements(terms->'lines') WITH ORDINALITY AS l(line, ord)))
                     || '{"instantExchange": false}'::jsonb
       WHERE NOT terms ? 'instantExchange'`);
    await runner.query(
      "ALTER TABLE approvals ADD COLUMN ended_reason text CHECK (ended_reason IN ('cancelled', 'expired', 'abandoned'))",
    );
    await runner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_phase_check');
    await runner.query(`
      ALTER TABLE refunds ADD CONSTRAINT refunds_phase_check
        CHECK (phase IN ('instant', 'final', 'clawback', 'returnless', 'exchange', 'surplus', 'collection'))`);
    await runner.query('ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check');
    await runner.query(`
      ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
        CHECK (kind IN ('instant', 'final', 'store_credit', 'exchange', 'release', 'reversal', 'adjustment'))`);
    await runner.query(`
      CREATE TABLE exchange_orders (
        return_id uuid PRIMARY KEY REFERENCES approvals (return_id),
        lines jsonb NOT NULL,
        requested_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE exchange_lines (
        return_id uuid NOT NULL REFERENCES approvals (return_id),
        line_id text NOT NULL,
        order_id text NOT NULL,
        position integer NOT NULL,
        credit_minor bigint NOT NULL CHECK (credit_minor >= 0),
        replacement_cost_minor bigint NOT NULL CHECK (replacement_cost_minor >= 0),
        applied_minor bigint NOT NULL CHECK (applied_minor >= 0),
        surplus_minor bigint NOT NULL CHECK (surplus_minor >= 0),
        shortfall_minor bigint NOT NULL CHECK (shortfall_minor >= 0),
        bonus_minor bigint NOT NULL CHECK (bonus_minor >= 0),
        settled_at timestamptz NOT NULL,
        PRIMARY KEY (return_id, line_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE exchange_lines');
    await runner.query('DROP TABLE exchange_orders');
    await runner.query('ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check');
    await runner.query(`
      ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
        CHECK (kind IN ('instant', 'final', 'store_credit', 'release', 'reversal', 'adjustment'))`);
    await runner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_phase_check');
    await runner.query(
      "ALTER TABLE refunds ADD CONSTRAINT refunds_phase_check CHECK (phase IN ('instant', 'final', 'clawback'))",
    );
    await runner.query('ALTER TABLE approvals DROP COLUMN ended_reason');
  }
}
