/**
 * A claim remembers the client it was made through beside the inspector (the token's subject), as
 * line records and resolutions do inside their documents; claims made before stay without one.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class RememberClaimantClient1796212651153 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inspections ADD COLUMN claimed_by_client_id text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inspections DROP COLUMN claimed_by_client_id`);
  }
}
