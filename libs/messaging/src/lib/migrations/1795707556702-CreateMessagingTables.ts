/**
 * The outbox (events waiting to be published), its lanes (the unit a relay replica locks, so one
 * key's events are published by one replica at a time, in order) and the inbox (events a consumer
 * group is done with: applied, or dead-lettered — either way a redelivery must not run it again).
 * Every service includes this migration in its own schema.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export const OUTBOX_LANES = 32;
export const OUTBOX_CHANNEL = 'rebound_outbox';

export class CreateMessagingTables1795707556702 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox (
        position bigint GENERATED ALWAYS AS IDENTITY,
        event_id uuid NOT NULL,
        topic text NOT NULL,
        message_key text NOT NULL,
        lane smallint GENERATED ALWAYS AS ((hashtext(message_key) & ${OUTBOX_LANES - 1})::smallint) STORED,
        event_type text NOT NULL,
        source text NOT NULL,
        subject text NOT NULL,
        occurred_at timestamptz NOT NULL,
        traceparent text,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT outbox_pkey PRIMARY KEY (position),
        CONSTRAINT outbox_event_id_key UNIQUE (event_id)
      )`);
    await runner.query('CREATE INDEX outbox_pending_idx ON outbox (lane, position) WHERE published_at IS NULL');
    await runner.query('CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL');
    await runner.query(
      'CREATE TABLE outbox_lane (lane smallint NOT NULL, CONSTRAINT outbox_lane_pkey PRIMARY KEY (lane))',
    );
    await runner.query(`INSERT INTO outbox_lane (lane) SELECT generate_series(0, ${OUTBOX_LANES - 1})`);
    // Wakes relays the moment a transaction that wrote outbox rows commits (NOTIFY is transactional).
    await runner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${OUTBOX_CHANNEL}', TG_TABLE_SCHEMA);
        RETURN NULL;
      END $$`);
    await runner.query(
      'CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()',
    );
    await runner.query(`
      CREATE TABLE inbox (
        consumer_group text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        topic text NOT NULL,
        "partition" integer NOT NULL,
        "offset" bigint NOT NULL,
        outcome text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inbox_outcome_check CHECK (outcome IN ('applied', 'dead-lettered')),
        CONSTRAINT inbox_pkey PRIMARY KEY (consumer_group, event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE inbox');
    await runner.query('DROP TRIGGER outbox_notify ON outbox');
    await runner.query('DROP FUNCTION outbox_notify()');
    await runner.query('DROP TABLE outbox_lane');
    await runner.query('DROP TABLE outbox');
  }
}
