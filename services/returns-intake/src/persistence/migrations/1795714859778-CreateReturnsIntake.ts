/**
 * returns-intake's own tables: the order read model, policy versions, returns with their lines,
 * decisions, timeline and refund facts, and the idempotency keys of the create operation.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReturnsIntake1795714859778 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE orders (
        order_id text NOT NULL,
        customer_id text NOT NULL,
        loyalty_tier text,
        currency char(3) NOT NULL,
        shipping_region text NOT NULL,
        placed_at timestamptz NOT NULL,
        delivered_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT orders_pkey PRIMARY KEY (order_id)
      )`);
    await runner.query('CREATE INDEX orders_customer_idx ON orders (customer_id)');
    await runner.query(`
      CREATE TABLE order_lines (
        order_id text NOT NULL,
        line_id text NOT NULL,
        sku text NOT NULL,
        category text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
        final_sale boolean NOT NULL,
        CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line_id),
        CONSTRAINT order_lines_order_fkey FOREIGN KEY (order_id) REFERENCES orders (order_id) ON DELETE CASCADE
      )`);
    await runner.query(`
      CREATE TABLE policy_versions (
        version integer NOT NULL,
        document jsonb NOT NULL,
        checksum text NOT NULL,
        source text NOT NULL CHECK (source IN ('file', 'api')),
        note text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT policy_versions_pkey PRIMARY KEY (version)
      )`);
    await runner.query(`
      CREATE TABLE returns (
        return_id uuid NOT NULL,
        order_id text NOT NULL,
        customer_id text NOT NULL,
        status text NOT NULL,
        method text NOT NULL,
        refund_method text NOT NULL,
        pickup jsonb,
        currency char(3) NOT NULL,
        policy_version integer NOT NULL,
        expected_refund_minor bigint NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT returns_pkey PRIMARY KEY (return_id),
        CONSTRAINT returns_order_fkey FOREIGN KEY (order_id) REFERENCES orders (order_id),
        CONSTRAINT returns_policy_fkey FOREIGN KEY (policy_version) REFERENCES policy_versions (version)
      )`);
    await runner.query('CREATE INDEX returns_order_idx ON returns (order_id, created_at DESC, return_id DESC)');
    await runner.query('CREATE INDEX returns_customer_idx ON returns (customer_id, created_at DESC, return_id DESC)');
    await runner.query('CREATE INDEX returns_status_idx ON returns (status, created_at DESC, return_id DESC)');
    await runner.query('CREATE INDEX returns_created_idx ON returns (created_at DESC, return_id DESC)');
    await runner.query(`
      CREATE TABLE return_lines (
        return_id uuid NOT NULL,
        line_id text NOT NULL,
        order_id text NOT NULL,
        sku text NOT NULL,
        category text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price_minor bigint NOT NULL,
        reason_code text NOT NULL,
        comment text,
        photo_urls jsonb NOT NULL DEFAULT '[]',
        restocking_fee_minor bigint NOT NULL,
        CONSTRAINT return_lines_pkey PRIMARY KEY (return_id, line_id),
        CONSTRAINT return_lines_return_fkey FOREIGN KEY (return_id) REFERENCES returns (return_id),
        CONSTRAINT return_lines_order_line_fkey FOREIGN KEY (order_id, line_id) REFERENCES order_lines (order_id, line_id)
      )`);
    await runner.query('CREATE INDEX return_lines_order_line_idx ON return_lines (order_id, line_id)');
    await runner.query(`
      CREATE TABLE return_decisions (
        decision_id uuid NOT NULL,
        return_id uuid NOT NULL,
        outcome text NOT NULL,
        policy_version integer NOT NULL,
        decided_by text NOT NULL,
        note text,
        inputs jsonb NOT NULL,
        assessment jsonb NOT NULL,
        decided_at timestamptz NOT NULL,
        CONSTRAINT return_decisions_pkey PRIMARY KEY (decision_id),
        CONSTRAINT return_decisions_return_fkey FOREIGN KEY (return_id) REFERENCES returns (return_id)
      )`);
    await runner.query('CREATE INDEX return_decisions_return_idx ON return_decisions (return_id, decided_at)');
    await runner.query(`
      CREATE TABLE return_timeline (
        position bigint GENERATED ALWAYS AS IDENTITY,
        event_id uuid NOT NULL,
        return_id uuid NOT NULL,
        event_type text NOT NULL,
        source text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        status_after text NOT NULL,
        details jsonb NOT NULL,
        CONSTRAINT return_timeline_pkey PRIMARY KEY (event_id),
        CONSTRAINT return_timeline_return_fkey FOREIGN KEY (return_id) REFERENCES returns (return_id)
      )`);
    // A reaction recorded with the same time as its cause still comes after it (position).
    await runner.query('CREATE INDEX return_timeline_return_idx ON return_timeline (return_id, occurred_at, position)');
    await runner.query(`
      CREATE TABLE return_refunds (
        refund_id uuid NOT NULL,
        return_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('refund', 'store_credit')),
        phase text,
        state text NOT NULL CHECK (state IN ('issued', 'failed')),
        amount_minor bigint NOT NULL,
        bonus_minor bigint NOT NULL DEFAULT 0,
        clawback_minor bigint NOT NULL DEFAULT 0,
        currency char(3) NOT NULL,
        detail text,
        updated_at timestamptz NOT NULL,
        CONSTRAINT return_refunds_pkey PRIMARY KEY (refund_id),
        CONSTRAINT return_refunds_return_fkey FOREIGN KEY (return_id) REFERENCES returns (return_id)
      )`);
    await runner.query('CREATE INDEX return_refunds_return_idx ON return_refunds (return_id)');
    await runner.query(`
      CREATE TABLE idempotency_keys (
        operation text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        resource_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_keys_pkey PRIMARY KEY (operation, idempotency_key)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'return_refunds',
      'return_timeline',
      'return_decisions',
      'return_lines',
      'returns',
      'policy_versions',
      'order_lines',
      'orders',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
