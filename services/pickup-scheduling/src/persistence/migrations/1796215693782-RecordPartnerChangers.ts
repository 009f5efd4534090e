/**
 * Who registered a partner and who last changed it (its terms or its webhook secret), beside the
 * times the table already keeps: the caller's verified token subject and client (`{ subject,
 * clientId }`), as `webhook_secret_rotated_by` keeps the rotator. Null for partners registered or
 * changed before, and for those the seed file registers.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordPartnerChangers1796215693782 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE partners ADD COLUMN created_by jsonb, ADD COLUMN updated_by jsonb');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE partners DROP COLUMN created_by, DROP COLUMN updated_by');
  }
}
