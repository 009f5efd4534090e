/**
 * GET /v1/pickups reads newest first, keyset on (created_at, pickup_id): with no filter or a state
 * alone it now walks an index in that order instead of sorting the table, and with a partner the
 * index carries the tie-breaker too (it replaces pickups_partner_idx, its prefix).
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexPickupLists1796500000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX pickups_created_idx ON pickups (created_at DESC, pickup_id DESC)');
    await runner.query('CREATE INDEX pickups_state_idx ON pickups (state, created_at DESC, pickup_id DESC)');
    await runner.query(
      'CREATE INDEX pickups_partner_created_idx ON pickups (partner_id, created_at DESC, pickup_id DESC)',
    );
    await runner.query('DROP INDEX pickups_partner_idx');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX pickups_partner_idx ON pickups (partner_id, created_at)');
    await runner.query('DROP INDEX pickups_partner_created_idx');
    await runner.query('DROP INDEX pickups_state_idx');
    await runner.query('DROP INDEX pickups_created_idx');
  }
}
