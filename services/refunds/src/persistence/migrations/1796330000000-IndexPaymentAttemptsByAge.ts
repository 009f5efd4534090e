/**
 * Payment attempts of finished refunds are pruned by age (refundsRetention): an index on when each
 * call finished lets every slice find the oldest without reading them all.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexPaymentAttemptsByAge1796330000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX payment_attempts_finished_at_idx ON payment_attempts (finished_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX payment_attempts_finished_at_idx');
  }
}
