/**
 * When each return last progressed — its status changed or a fact about it reached its timeline — so
 * returns resting too long in a status can be found (stuck returns, docs/returns-intake.md). Returns
 * from before take their latest status change or timeline fact (no later than now: another
 * service's clock may run ahead; in milliseconds, like every time the service writes, which the
 * stuck list's cursor carries). The index holds the returns still waiting only, by status and
 * age: what the stuck list and its gauge read.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddReturnProgress1796500000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE returns ADD COLUMN progressed_at timestamptz');
    await runner.query(`
      UPDATE returns r SET progressed_at = GREATEST(r.updated_at,
        LEAST(date_trunc('milliseconds', now()), (SELECT max(t.occurred_at) FROM return_timeline t WHERE t.return_id = r.return_id)))`);
    await runner.query('ALTER TABLE returns ALTER COLUMN progressed_at SET NOT NULL');
    await runner.query(`
      CREATE INDEX returns_progress_idx ON returns (status, progressed_at, return_id)
       WHERE status NOT IN ('completed', 'rejected', 'cancelled', 'expired')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX returns_progress_idx');
    await runner.query('ALTER TABLE returns DROP COLUMN progressed_at');
  }
}
