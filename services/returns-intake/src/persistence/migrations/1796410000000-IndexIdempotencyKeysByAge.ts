/**
 * Idempotency keys are forgotten after a while (intakeRetention): an index on when each was first
 * used lets every slice find the oldest without reading them all.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexIdempotencyKeysByAge1796410000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX idempotency_keys_created_at_idx');
  }
}
