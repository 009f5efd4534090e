/**
 * Each refund remembers the trace of the work that created it — the return's journey — so that the
 * payment worker pays it on that trace.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class RememberRefundTrace1796200000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE refunds ADD COLUMN traceparent text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE refunds DROP COLUMN traceparent`);
  }
}
