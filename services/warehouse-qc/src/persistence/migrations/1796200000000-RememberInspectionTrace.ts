/**
 * Each inspection remembers the trace of the work that opened it — the return's journey — so the
 * calls that inspect it can continue that trace.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class RememberInspectionTrace1796200000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inspections ADD COLUMN traceparent text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inspections DROP COLUMN traceparent`);
  }
}
