/**
 * Who moved stock: each ledger row of a movement reported through the API keeps the caller's verified
 * token subject and client (`{ subject, clientId }`). Null for rows from before, and for the movements
 * inventory makes itself from events (restocks after inspection, parcels in transit).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordMovers1796215562893 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ledger ADD COLUMN moved_by jsonb');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ledger DROP COLUMN moved_by');
  }
}
