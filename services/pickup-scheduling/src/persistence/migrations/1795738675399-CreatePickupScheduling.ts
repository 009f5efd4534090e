/**
 * pickup-scheduling's own tables: partners and the capacity their slots have left, pickups and
 * labels, every tracking event a partner sent about them, and the events refused as not theirs.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePickupScheduling1795738675399 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE partners (
        partner_id text NOT NULL,
        name text NOT NULL,
        active boolean NOT NULL,
        service_areas jsonb NOT NULL,
        capabilities text[] NOT NULL,
        slot_windows jsonb NOT NULL,
        cost_per_pickup_minor bigint NOT NULL CHECK (cost_per_pickup_minor >= 0),
        currency char(3) NOT NULL,
        sla_hours integer NOT NULL CHECK (sla_hours > 0),
        destination_warehouse_id text NOT NULL,
        webhook_secret text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT partners_pkey PRIMARY KEY (partner_id)
      )`);
    await runner.query(`
      CREATE TABLE slot_usage (
        partner_id text NOT NULL,
        slot_from timestamptz NOT NULL,
        slot_to timestamptz NOT NULL,
        capacity integer NOT NULL,
        booked integer NOT NULL CHECK (booked >= 0),
        CONSTRAINT slot_usage_pkey PRIMARY KEY (partner_id, slot_from),
        CONSTRAINT slot_usage_partner_fkey FOREIGN KEY (partner_id) REFERENCES partners (partner_id)
      )`);
    await runner.query(`
      CREATE TABLE pickups (
        pickup_id uuid NOT NULL,
        return_id uuid NOT NULL,
        partner_id text,
        method text NOT NULL,
        state text NOT NULL,
        attempt integer NOT NULL CHECK (attempt >= 1),
        max_attempts integer NOT NULL CHECK (max_attempts >= 1),
        window_from timestamptz,
        window_to timestamptz,
        slot_from timestamptz,
        slot_to timestamptz,
        address jsonb,
        tracking_number text,
        drop_off_code text,
        deadline timestamptz,
        destination_warehouse_id text,
        lines jsonb NOT NULL,
        choice jsonb NOT NULL,
        attempt_booked_at timestamptz NOT NULL,
        abandon_reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT pickups_pkey PRIMARY KEY (pickup_id),
        CONSTRAINT pickups_return_key UNIQUE (return_id),
        CONSTRAINT pickups_tracking_number_key UNIQUE (tracking_number),
        CONSTRAINT pickups_partner_fkey FOREIGN KEY (partner_id) REFERENCES partners (partner_id)
      )`);
    await runner.query(
      `CREATE INDEX pickups_deadline_idx ON pickups (deadline)
        WHERE state IN ('scheduled', 'label_issued', 'out_for_pickup')`,
    );
    await runner.query('CREATE INDEX pickups_partner_idx ON pickups (partner_id, created_at)');
    await runner.query(`
      CREATE TABLE tracking_events (
        partner_id text NOT NULL,
        event_id uuid NOT NULL,
        pickup_id uuid NOT NULL,
        position bigint GENERATED ALWAYS AS IDENTITY,
        status text NOT NULL,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        channel text NOT NULL CHECK (channel IN ('kafka', 'webhook')),
        outcome text NOT NULL CHECK (outcome IN ('applied', 'ignored')),
        note text,
        payload jsonb NOT NULL,
        CONSTRAINT tracking_events_pkey PRIMARY KEY (partner_id, event_id),
        CONSTRAINT tracking_events_pickup_fkey FOREIGN KEY (pickup_id) REFERENCES pickups (pickup_id)
      )`);
    await runner.query('CREATE INDEX tracking_events_pickup_idx ON tracking_events (pickup_id, occurred_at, position)');
    await runner.query(`
      CREATE TABLE rejected_tracking_events (
        rejection_id bigint GENERATED ALWAYS AS IDENTITY,
        partner_id text NOT NULL,
        event_id uuid NOT NULL,
        pickup_id uuid NOT NULL,
        channel text NOT NULL CHECK (channel IN ('kafka', 'webhook')),
        reason text NOT NULL,
        detail text NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        CONSTRAINT rejected_tracking_events_pkey PRIMARY KEY (rejection_id)
      )`);
    await runner.query(
      'CREATE INDEX rejected_tracking_events_partner_idx ON rejected_tracking_events (partner_id, rejection_id)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['rejected_tracking_events', 'tracking_events', 'pickups', 'slot_usage', 'partners']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
