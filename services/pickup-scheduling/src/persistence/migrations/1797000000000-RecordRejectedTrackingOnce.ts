/**
 * A partner's refused tracking event is listed once, however often it is redelivered or resent: the
 * copies recorded before keep their first arrival, and (partner, event id) is unique from now on.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordRejectedTrackingOnce1797000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `DELETE FROM rejected_tracking_events later USING rejected_tracking_events earlier
        WHERE later.partner_id = earlier.partner_id AND later.event_id = earlier.event_id
          AND later.rejection_id > earlier.rejection_id`,
    );
    await runner.query(
      'CREATE UNIQUE INDEX rejected_tracking_events_partner_event_key ON rejected_tracking_events (partner_id, event_id)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX rejected_tracking_events_partner_event_key');
  }
}
