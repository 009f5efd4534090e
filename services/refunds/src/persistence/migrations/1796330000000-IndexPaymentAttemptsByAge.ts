/**
 * Payment attempts of finished refunds are pruned by age (refundsRetention): indexes on when each
 * call finished and on when each finished refund did let every slice find them without reading all
 * attempts or all refunds, whichever side Postgres starts from.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexPaymentAttemptsByAge1796330000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX payment_attempts_finished_at_idx ON payment_attempts (finished_at)');
    await runner.query(
      "CREATE INDEX refunds_finished_idx ON refunds (updated_at) WHERE state IN ('succeeded', 'superseded', 'cancelled')",
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX refunds_finished_idx');
    await runner.query('DROP INDEX payment_attempts_finished_at_idx');
  }
}
