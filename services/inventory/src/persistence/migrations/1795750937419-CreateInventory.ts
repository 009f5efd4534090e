/**
 * The inventory schema: the append-only ledger, the stock levels it adds up to (one row per sku and
 * warehouse, a column per bucket, none ever below zero), expected inbound per return line, what is
 * known of each return's parcel, restock latency per line (its seconds filled in once both the
 * delivery and the restock are known, in whichever order they arrive), and the answers stored under
 * Idempotency-Keys.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInventory1795750937419 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ledger (
        entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source_id text NOT NULL,
        line_no integer NOT NULL,
        sku text NOT NULL,
        warehouse_id text NOT NULL,
        bucket text NOT NULL,
        quantity_delta integer NOT NULL,
        reason text NOT NULL,
        return_id uuid,
        reference text,
        note text,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT ledger_source_line_unique UNIQUE (source_id, line_no),
        CONSTRAINT ledger_bucket_check
          CHECK (bucket IN ('sellable', 'refurbish', 'liquidation', 'return_to_vendor', 'quarantine', 'scrap')),
        CONSTRAINT ledger_delta_check CHECK (quantity_delta <> 0)
      )`);
    await runner.query('CREATE INDEX ledger_sku_entry_idx ON ledger (sku, entry_id)');
    await runner.query(`
      CREATE TABLE stock_levels (
        sku text NOT NULL,
        warehouse_id text NOT NULL,
        sellable integer NOT NULL DEFAULT 0 CHECK (sellable >= 0),
        refurbish integer NOT NULL DEFAULT 0 CHECK (refurbish >= 0),
        liquidation integer NOT NULL DEFAULT 0 CHECK (liquidation >= 0),
        return_to_vendor integer NOT NULL DEFAULT 0 CHECK (return_to_vendor >= 0),
        quarantine integer NOT NULL DEFAULT 0 CHECK (quarantine >= 0),
        scrap integer NOT NULL DEFAULT 0 CHECK (scrap >= 0),
        expected_inbound integer NOT NULL DEFAULT 0 CHECK (expected_inbound >= 0),
        version bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT stock_levels_pkey PRIMARY KEY (sku, warehouse_id)
      )`);
    await runner.query(`
      CREATE TABLE expected_inbound (
        return_id uuid NOT NULL,
        line_id text NOT NULL,
        sku text NOT NULL,
        warehouse_id text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        expected_at timestamptz NOT NULL,
        cleared_at timestamptz,
        CONSTRAINT expected_inbound_pkey PRIMARY KEY (return_id, line_id)
      )`);
    await runner.query(`
      CREATE TABLE return_progress (
        return_id uuid PRIMARY KEY,
        picked_up_at timestamptz,
        delivered_at timestamptz,
        inspected_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE restock_latency (
        return_id uuid NOT NULL,
        line_id text NOT NULL,
        sku text NOT NULL,
        warehouse_id text NOT NULL,
        units integer NOT NULL CHECK (units > 0),
        seconds double precision CHECK (seconds >= 0),
        restocked_at timestamptz NOT NULL,
        CONSTRAINT restock_latency_pkey PRIMARY KEY (return_id, line_id)
      )`);
    await runner.query('CREATE INDEX restock_latency_restocked_idx ON restock_latency (restocked_at)');
    await runner.query(`
      CREATE TABLE movement_requests (
        idempotency_key text PRIMARY KEY,
        request_hash text NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'movement_requests',
      'restock_latency',
      'return_progress',
      'expected_inbound',
      'stock_levels',
      'ledger',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
