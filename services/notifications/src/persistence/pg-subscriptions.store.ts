/** The SubscriptionsStore port on Postgres, bound to one transaction's EntityManager. */
import type { EntityManager } from 'typeorm';
import type { Actor } from '@rebound/contracts';
import type { PublicEventType } from '../domain/public-events';
import type { DisabledReason, Subscription, SubscriptionFilter } from '../domain/subscription';
import type { SubscriptionPosition, SubscriptionsStore } from '../domain/ports';

type Row = Record<string, unknown>;

const LIVE = 'deleted_at IS NULL';

export class PgSubscriptionsStore implements SubscriptionsStore {
  constructor(private readonly manager: EntityManager) {}

  async insert(subscription: Subscription): Promise<void> {
    await this.manager.query(
      `INSERT INTO webhook_subscriptions (subscription_id, url, description, event_types, filter, active, disabled_reason,
         disabled_at, created_at, created_by, created_by_client_id, updated_at, updated_by, updated_by_client_id)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $9, $10, $11)`,
      [
        subscription.subscriptionId,
        subscription.url,
        subscription.description ?? null,
        subscription.eventTypes,
        JSON.stringify(subscription.filter),
        subscription.active,
        subscription.disabledReason ?? null,
        subscription.disabledAt ?? null,
        subscription.createdAt,
        subscription.createdBy.subject,
        subscription.createdBy.clientId,
      ],
    );
  }

  async lock(subscriptionId: string): Promise<Subscription | undefined> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM webhook_subscriptions WHERE subscription_id = $1 AND ${LIVE} FOR UPDATE`,
      [subscriptionId],
    );
    return rows[0] && subscriptionOfRow(rows[0]);
  }

  async find(subscriptionId: string): Promise<Subscription | undefined> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM webhook_subscriptions WHERE subscription_id = $1 AND ${LIVE}`,
      [subscriptionId],
    );
    return rows[0] && subscriptionOfRow(rows[0]);
  }

  async update(subscription: Subscription): Promise<void> {
    await this.manager.query(
      `UPDATE webhook_subscriptions SET url = $2, description = $3, event_types = $4, filter = $5::jsonb, active = $6,
         disabled_reason = $7, disabled_at = $8, updated_at = $9, updated_by = $10, updated_by_client_id = $11
       WHERE subscription_id = $1`,
      [
        subscription.subscriptionId,
        subscription.url,
        subscription.description ?? null,
        subscription.eventTypes,
        JSON.stringify(subscription.filter),
        subscription.active,
        subscription.disabledReason ?? null,
        subscription.disabledAt ?? null,
        subscription.updatedAt,
        subscription.updatedBy.subject,
        subscription.updatedBy.clientId,
      ],
    );
  }

  async markDeleted(subscriptionId: string, by: Actor, at: Date): Promise<void> {
    await this.manager.query(
      `UPDATE webhook_subscriptions SET active = false, deleted_at = $2, deleted_by = $3, deleted_by_client_id = $4
       WHERE subscription_id = $1`,
      [subscriptionId, at, by.subject, by.clientId],
    );
  }

  async page(limit: number, after?: SubscriptionPosition): Promise<Subscription[]> {
    const rows: Row[] = after
      ? await this.manager.query(
          `SELECT * FROM webhook_subscriptions WHERE ${LIVE} AND (created_at, subscription_id) > ($2, $3)
            ORDER BY created_at, subscription_id LIMIT $1`,
          [limit, after.createdAt, after.subscriptionId],
        )
      : await this.manager.query(
          `SELECT * FROM webhook_subscriptions WHERE ${LIVE} ORDER BY created_at, subscription_id LIMIT $1`,
          [limit],
        );
    return rows.map(subscriptionOfRow);
  }

  async active(): Promise<Subscription[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM webhook_subscriptions WHERE active AND ${LIVE} ORDER BY created_at, subscription_id`,
    );
    return rows.map(subscriptionOfRow);
  }

  async addSecret(subscriptionId: string, sealedSecret: string, createdAt: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO webhook_secrets (subscription_id, secret_number, sealed, created_at)
       VALUES ($1, (SELECT coalesce(max(secret_number), 0) + 1 FROM webhook_secrets WHERE subscription_id = $1), $2, $3)`,
      [subscriptionId, sealedSecret, createdAt],
    );
  }

  async expireSecrets(subscriptionId: string, until: Date, now: Date): Promise<void> {
    // The current secret signs until `until`; one it had itself replaced stops now, so that at most
    // the newest secret and the one it replaced ever sign.
    await this.manager.query(
      `UPDATE webhook_secrets SET expires_at = CASE WHEN expires_at IS NULL THEN $2 ELSE $3 END
        WHERE subscription_id = $1 AND (expires_at IS NULL OR expires_at > $3)`,
      [subscriptionId, until, now],
    );
  }

  async liveSecrets(subscriptionId: string, now: Date): Promise<string[]> {
    const rows: { sealed: string }[] = await this.manager.query(
      `SELECT sealed FROM webhook_secrets WHERE subscription_id = $1 AND (expires_at IS NULL OR expires_at > $2)
        ORDER BY secret_number DESC`,
      [subscriptionId, now],
    );
    return rows.map((row) => row.sealed);
  }
}

function actor(row: Row, column: string): Actor {
  return { subject: String(row[column]), clientId: String(row[`${column}_client_id`]) };
}

export function subscriptionOfRow(row: Row): Subscription {
  return {
    subscriptionId: String(row['subscription_id']),
    url: String(row['url']),
    ...(row['description'] !== null && { description: String(row['description']) }),
    eventTypes: row['event_types'] as PublicEventType[],
    filter: row['filter'] as SubscriptionFilter,
    active: Boolean(row['active']),
    ...(row['disabled_reason'] !== null && { disabledReason: row['disabled_reason'] as DisabledReason }),
    ...(row['disabled_at'] !== null && { disabledAt: row['disabled_at'] as Date }),
    createdAt: row['created_at'] as Date,
    createdBy: actor(row, 'created_by'),
    updatedAt: row['updated_at'] as Date,
    updatedBy: actor(row, 'updated_by'),
  };
}
