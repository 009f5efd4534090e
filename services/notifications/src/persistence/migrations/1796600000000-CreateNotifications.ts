/**
 * notifications' own tables: the returns it has read the approval or rejection of (whose they are),
 * webhook subscriptions with their sealed signing secrets, and one delivery per public event and
 * subscription.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotifications1796600000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE known_returns (
        return_id uuid NOT NULL,
        order_id text NOT NULL,
        customer_id text NOT NULL,
        loyalty_tier text,
        remembered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT known_returns_pkey PRIMARY KEY (return_id)
      )`);
    await runner.query(`
      CREATE TABLE webhook_subscriptions (
        subscription_id uuid NOT NULL,
        url text NOT NULL,
        description text,
        event_types text[] NOT NULL,
        filter jsonb NOT NULL,
        active boolean NOT NULL,
        disabled_reason text CHECK (disabled_reason IN ('by-request', 'failing')),
        disabled_at timestamptz,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        created_by_client_id text NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL,
        updated_by_client_id text NOT NULL,
        deleted_at timestamptz,
        deleted_by text,
        deleted_by_client_id text,
        CONSTRAINT webhook_subscriptions_pkey PRIMARY KEY (subscription_id)
      )`);
    await runner.query(
      'CREATE INDEX webhook_subscriptions_page_idx ON webhook_subscriptions (created_at, subscription_id) WHERE deleted_at IS NULL',
    );
    await runner.query(`
      CREATE TABLE webhook_secrets (
        subscription_id uuid NOT NULL,
        secret_number integer NOT NULL,
        sealed text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        CONSTRAINT webhook_secrets_pkey PRIMARY KEY (subscription_id, secret_number),
        CONSTRAINT webhook_secrets_subscription_fkey FOREIGN KEY (subscription_id) REFERENCES webhook_subscriptions (subscription_id)
      )`);
    await runner.query(`
      CREATE TABLE webhook_deliveries (
        delivery_id uuid NOT NULL,
        sequence bigserial NOT NULL,
        subscription_id uuid NOT NULL,
        return_id uuid NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        event jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        retry_from timestamptz NOT NULL,
        lease_token uuid,
        lease_until timestamptz,
        last_attempt_at timestamptz,
        last_status_code integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL,
        redelivered_at timestamptz,
        redelivered_by text,
        redelivered_by_client_id text,
        CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (delivery_id),
        CONSTRAINT webhook_deliveries_sequence_key UNIQUE (sequence),
        CONSTRAINT webhook_deliveries_event_key UNIQUE (subscription_id, event_id),
        CONSTRAINT webhook_deliveries_subscription_fkey FOREIGN KEY (subscription_id) REFERENCES webhook_subscriptions (subscription_id)
      )`);
    // The worker's question: what is due, and what comes earlier for the same subscription and return.
    await runner.query(
      `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at, sequence) WHERE status = 'pending'`,
    );
    await runner.query(
      `CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (subscription_id, return_id, sequence) WHERE status = 'pending'`,
    );
    // The delivery log, newest first: by subscription (and status), or by status alone.
    await runner.query('CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (subscription_id, sequence)');
    await runner.query('CREATE INDEX webhook_deliveries_status_idx ON webhook_deliveries (status, sequence)');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['webhook_deliveries', 'webhook_secrets', 'webhook_subscriptions', 'known_returns']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
