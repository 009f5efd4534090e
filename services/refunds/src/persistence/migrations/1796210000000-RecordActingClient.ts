/**
 * Ops' actions record the client their operator's token was issued to, beside the operator (the
 * token's subject). Actions taken before tokens were checked named an operator in the body only:
 * their client stays unknown (null).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordActingClient1796210000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE refund_actions ADD COLUMN operator_client_id text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE refund_actions DROP COLUMN operator_client_id');
  }
}
