/**
 * The partner coverage read model: where, how and when each 3PL partner collects, as
 * pickup-scheduling last announced it (PartnerCoverageChanged), so a return no partner can collect
 * is refused before it is approved.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPartnerCoverage1796193874534 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE partner_coverage (
        partner_id text NOT NULL,
        active boolean NOT NULL,
        service_areas jsonb NOT NULL,
        capabilities text[] NOT NULL,
        slot_windows jsonb NOT NULL,
        horizon_days integer NOT NULL CHECK (horizon_days > 0),
        changed_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partner_coverage_pkey PRIMARY KEY (partner_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE partner_coverage');
  }
}
