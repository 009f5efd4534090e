/**
 * An outbox row the broker keeps refusing (its topic gone or not ours, a record over the broker's
 * size limit) is parked instead of holding up its lanes: the relay counts its failed sends and the
 * last error, and stops picking it once parked. Pending-row lookups skip parked rows; parked rows
 * get an index of their own for the backlog and the metrics.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ParkOutboxRows1796281960104 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE outbox
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN last_error text,
        ADD COLUMN parked_at timestamptz`);
    await runner.query('DROP INDEX outbox_pending_idx');
    await runner.query(
      'CREATE INDEX outbox_pending_idx ON outbox (lane, position) WHERE published_at IS NULL AND parked_at IS NULL',
    );
    await runner.query('CREATE INDEX outbox_parked_idx ON outbox (parked_at) WHERE parked_at IS NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX outbox_parked_idx');
    await runner.query('DROP INDEX outbox_pending_idx');
    await runner.query('CREATE INDEX outbox_pending_idx ON outbox (lane, position) WHERE published_at IS NULL');
    await runner.query('ALTER TABLE outbox DROP COLUMN parked_at, DROP COLUMN last_error, DROP COLUMN attempts');
  }
}
