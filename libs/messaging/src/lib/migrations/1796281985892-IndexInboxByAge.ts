/**
 * The inbox is pruned by age (inboxRetention): an index on when each event was done with lets every
 * slice find its oldest rows without reading the whole inbox.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexInboxByAge1796281985892 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX inbox_processed_at_idx ON inbox (processed_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX inbox_processed_at_idx');
  }
}
