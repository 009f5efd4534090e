/**
 * Refused tracking events are kept for a while (pickupsRetention): an index on when each arrived lets
 * every slice find the oldest without reading them all.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexRejectedTrackingByAge1796290000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE INDEX rejected_tracking_events_received_at_idx ON rejected_tracking_events (received_at)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX rejected_tracking_events_received_at_idx');
  }
}
