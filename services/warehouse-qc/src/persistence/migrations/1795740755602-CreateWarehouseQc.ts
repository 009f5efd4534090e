/**
 * warehouse-qc's own tables: what each approved return should contain, parcels that arrived before
 * their approval did, inspections with their claims, and the recorded lines.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWarehouseQc1795740755602 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE expected_returns (
        return_id uuid NOT NULL,
        order_id text NOT NULL,
        lines jsonb NOT NULL,
        refundable_fractions jsonb NOT NULL,
        remembered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT expected_returns_pkey PRIMARY KEY (return_id)
      )`);
    await runner.query(`
      CREATE TABLE early_arrivals (
        return_id uuid NOT NULL,
        warehouse_id text NOT NULL,
        arrived_at timestamptz NOT NULL,
        CONSTRAINT early_arrivals_pkey PRIMARY KEY (return_id)
      )`);
    await runner.query(`
      CREATE TABLE inspections (
        inspection_id uuid NOT NULL,
        return_id uuid NOT NULL,
        order_id text NOT NULL,
        warehouse_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'held', 'completed')),
        claimed_by text,
        claim_expires_at timestamptz,
        refundable_fractions jsonb NOT NULL,
        flags_at_completion text[] NOT NULL DEFAULT '{}',
        resolution jsonb,
        opened_at timestamptz NOT NULL,
        completed_at timestamptz,
        CONSTRAINT inspections_pkey PRIMARY KEY (inspection_id),
        CONSTRAINT inspections_return_key UNIQUE (return_id)
      )`);
    await runner.query(
      'CREATE INDEX inspections_queue_idx ON inspections (warehouse_id, status, opened_at, inspection_id)',
    );
    await runner.query(`
      CREATE TABLE inspection_lines (
        inspection_id uuid NOT NULL,
        line_id text NOT NULL,
        position integer NOT NULL,
        sku text NOT NULL,
        category text,
        expected_quantity integer NOT NULL CHECK (expected_quantity >= 0),
        unexpected boolean NOT NULL,
        record jsonb,
        CONSTRAINT inspection_lines_pkey PRIMARY KEY (inspection_id, line_id),
        CONSTRAINT inspection_lines_inspection_fkey FOREIGN KEY (inspection_id) REFERENCES inspections (inspection_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['inspection_lines', 'inspections', 'early_arrivals', 'expected_returns']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
