/**
 * An event id is unique only per writer, and a partner writes its own tracking topic: keyed by
 * (group, id) alone, one partner's id could make the inbox skip another partner's event with the
 * same id. Keyed by the topic too, a redelivery on the same topic is still recognised.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class KeyInboxByTopic1795750001225 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE inbox DROP CONSTRAINT inbox_pkey');
    await runner.query('ALTER TABLE inbox ADD CONSTRAINT inbox_pkey PRIMARY KEY (consumer_group, topic, event_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE inbox DROP CONSTRAINT inbox_pkey');
    await runner.query('ALTER TABLE inbox ADD CONSTRAINT inbox_pkey PRIMARY KEY (consumer_group, event_id)');
  }
}
