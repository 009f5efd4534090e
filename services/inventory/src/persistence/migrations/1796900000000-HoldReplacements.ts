/**
 * Replacements held for exchanges: a `reserved` bucket on every level (units in the warehouse that
 * channels may not sell), which the ledger may now name, and the reservations that explain it — one
 * row per line of a return and warehouse, held until it is released (back to sellable, with why) or
 * allocated to the exchange order. At most one reservation of a line is held at a time. The ledger
 * stays the record: every reservation, release and allocation is a movement in it, so the ledger
 * check recomputes `reserved` as it does every other bucket.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class HoldReplacements1796900000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE stock_levels ADD COLUMN reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0)');
    await runner.query('ALTER TABLE ledger DROP CONSTRAINT ledger_bucket_check');
    await runner.query(`
      ALTER TABLE ledger ADD CONSTRAINT ledger_bucket_check
        CHECK (bucket IN ('sellable', 'refurbish', 'liquidation', 'return_to_vendor', 'quarantine', 'scrap', 'reserved'))`);
    await runner.query(`
      CREATE TABLE reservations (
        reservation_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        return_id uuid NOT NULL,
        line_id text NOT NULL,
        sku text NOT NULL,
        warehouse_id text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        status text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'released', 'allocated')),
        release_reason text CHECK (release_reason IN ('cancelled', 'expired', 'replaced')),
        reserved_at timestamptz NOT NULL,
        ended_at timestamptz,
        CONSTRAINT reservations_ended_when_not_held_check CHECK ((status = 'held') = (ended_at IS NULL)),
        CONSTRAINT reservations_reason_when_released_check CHECK ((status = 'released') = (release_reason IS NOT NULL))
      )`);
    await runner.query('CREATE INDEX reservations_return_idx ON reservations (return_id, reservation_id)');
    await runner.query(
      `CREATE UNIQUE INDEX reservations_held_line_idx ON reservations (return_id, line_id) WHERE status = 'held'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE reservations');
    await runner.query('ALTER TABLE ledger DROP CONSTRAINT ledger_bucket_check');
    await runner.query(`
      ALTER TABLE ledger ADD CONSTRAINT ledger_bucket_check
        CHECK (bucket IN ('sellable', 'refurbish', 'liquidation', 'return_to_vendor', 'quarantine', 'scrap'))`);
    await runner.query('ALTER TABLE stock_levels DROP COLUMN reserved');
  }
}
