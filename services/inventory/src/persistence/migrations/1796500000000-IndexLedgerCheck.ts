/**
 * The ledger check recomputes a window of levels at a time: the ledger's deltas and the open expected
 * inbound of a range of (sku, warehouse) keys are read from these indexes alone, in key order, instead
 * of summing both tables whole.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexLedgerCheck1796500000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX ledger_level_idx ON ledger (sku, warehouse_id, bucket) INCLUDE (quantity_delta)');
    await runner.query(
      `CREATE INDEX expected_inbound_open_level_idx ON expected_inbound (sku, warehouse_id) INCLUDE (quantity)
        WHERE cleared_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX expected_inbound_open_level_idx');
    await runner.query('DROP INDEX ledger_level_idx');
  }
}
