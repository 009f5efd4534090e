/**
 * Exchanges: each return line keeps the customer's choice as it now stands (`resolution`, null for a
 * refund as before exchanges), the next choices left and where inventory holds the replacement; each
 * return whether its exchanges ship at once and when the exchange order was requested. The exchange
 * history records, once per exchanged line of a completed return, what the customer kept in place of
 * what they returned: offers rank by it.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddExchanges1796700000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE return_lines
        ADD COLUMN resolution jsonb,
        ADD COLUMN fallbacks jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN warehouse_id text`);
    await runner.query(`
      ALTER TABLE returns
        ADD COLUMN instant_exchange boolean NOT NULL DEFAULT false,
        ADD COLUMN exchange_requested_at timestamptz`);
    await runner.query(`
      CREATE TABLE exchange_history (
        return_id uuid NOT NULL,
        line_id text NOT NULL,
        customer_id text NOT NULL,
        returned_sku text NOT NULL,
        reason_code text NOT NULL,
        category text NOT NULL,
        replacement_sku text NOT NULL,
        product_id text NOT NULL,
        option_values jsonb NOT NULL,
        completed_at timestamptz NOT NULL,
        CONSTRAINT exchange_history_pkey PRIMARY KEY (return_id, line_id)
      )`);
    await runner.query('CREATE INDEX exchange_history_customer_idx ON exchange_history (customer_id, category)');
    await runner.query('CREATE INDEX exchange_history_returned_idx ON exchange_history (returned_sku, reason_code)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE exchange_history');
    await runner.query('ALTER TABLE returns DROP COLUMN instant_exchange, DROP COLUMN exchange_requested_at');
    await runner.query(
      'ALTER TABLE return_lines DROP COLUMN resolution, DROP COLUMN fallbacks, DROP COLUMN warehouse_id',
    );
  }
}
