/**
 * Parked events: those a consumer group read before a fact they depend on (usually another topic's),
 * kept with their raw message so they can be decoded and tried again later, in order per key. The
 * inbox row of a parked event says `parked`, so a redelivery of it is ignored meanwhile.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateParkedEvents1796512000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE inbox DROP CONSTRAINT inbox_outcome_check');
    await runner.query(
      "ALTER TABLE inbox ADD CONSTRAINT inbox_outcome_check CHECK (outcome IN ('applied', 'dead-lettered', 'parked'))",
    );
    // `chain`: a key's parked events wait one behind the other; an event without a key waits alone.
    await runner.query(`
      CREATE TABLE parked_event (
        position bigint GENERATED ALWAYS AS IDENTITY,
        consumer_group text NOT NULL,
        topic text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        "partition" integer NOT NULL,
        "offset" bigint NOT NULL,
        message_key text,
        chain text GENERATED ALWAYS AS (COALESCE('key:' || message_key, 'event:' || event_id::text)) STORED,
        value bytea,
        headers jsonb NOT NULL,
        reason text NOT NULL,
        attempts integer NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now(),
        next_attempt_at timestamptz NOT NULL,
        CONSTRAINT parked_event_pkey PRIMARY KEY (consumer_group, topic, event_id)
      )`);
    // A chain's first event, the last one (to park behind), and each chain's first when sweeping.
    await runner.query('CREATE INDEX parked_event_chain_idx ON parked_event (consumer_group, topic, chain, position)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE parked_event');
    await runner.query("DELETE FROM inbox WHERE outcome = 'parked'");
    await runner.query('ALTER TABLE inbox DROP CONSTRAINT inbox_outcome_check');
    await runner.query(
      "ALTER TABLE inbox ADD CONSTRAINT inbox_outcome_check CHECK (outcome IN ('applied', 'dead-lettered'))",
    );
  }
}
