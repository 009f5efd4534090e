/**
 * The DeliveriesStore port on Postgres. The claim is one statement: it skips deliveries other workers
 * hold (SKIP LOCKED), and locks the subscription's row with the delivery, so that two workers never
 * take two deliveries of one subscription at once — a slow or dead receiver ties up one worker at
 * most, and never delays another subscription's deliveries.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AttemptResult, Delivery, DeliveryStatus } from '../domain/delivery';
import type { PublicEvent } from '../domain/public-events';
import type { ClaimedDelivery, DeliveriesStore, DeliveryListFilter } from '../domain/ports';

type Row = Record<string, unknown>;

export class PgDeliveriesStore implements DeliveriesStore {
  constructor(private readonly manager: EntityManager) {}

  async add(subscriptionIds: readonly string[], event: PublicEvent, returnId: string, at: Date): Promise<number> {
    let added = 0;
    for (const subscriptionId of subscriptionIds) {
      const rows: unknown[] = await this.manager.query(
        `INSERT INTO webhook_deliveries (delivery_id, subscription_id, return_id, event_id, event_type, event, status,
           next_attempt_at, retry_from, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'pending', $7, $7, $7)
         ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING delivery_id`,
        [randomUUID(), subscriptionId, returnId, event.id, event.type, JSON.stringify(event), at],
      );
      added += rows.length;
    }
    return added;
  }

  async claimNext(now: Date, leaseMs: number): Promise<ClaimedDelivery | undefined> {
    const leaseToken = randomUUID();
    const rows: Row[] = await this.manager.query(
      `WITH candidate AS (
         SELECT d.delivery_id, s.url FROM webhook_deliveries d
           JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id AND s.active AND s.deleted_at IS NULL
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)
            AND NOT EXISTS (
              SELECT 1 FROM webhook_deliveries earlier
               WHERE earlier.subscription_id = d.subscription_id AND earlier.return_id = d.return_id
                 AND earlier.status = 'pending' AND earlier.sequence < d.sequence)
            AND NOT EXISTS (
              SELECT 1 FROM webhook_deliveries busy
               WHERE busy.subscription_id = d.subscription_id AND busy.status = 'pending' AND busy.lease_until > $1)
          ORDER BY d.next_attempt_at, d.sequence
          LIMIT 1
          FOR UPDATE OF d, s SKIP LOCKED)
       UPDATE webhook_deliveries d SET attempts = d.attempts + 1, lease_token = $2, lease_until = $3
         FROM candidate WHERE d.delivery_id = candidate.delivery_id
       RETURNING d.*, candidate.url`,
      [now, leaseToken, new Date(now.getTime() + leaseMs)],
    );
    const [row] = (Array.isArray(rows[0]) ? rows[0] : rows) as Row[];
    return row && { delivery: deliveryOfRow(row), url: String(row['url']), leaseToken };
  }

  async recordAttempt(
    claimed: ClaimedDelivery,
    result: AttemptResult,
    at: Date,
    next: { status: DeliveryStatus; nextAttemptAt: Date },
  ): Promise<boolean> {
    const [, updated] = (await this.manager.query(
      `UPDATE webhook_deliveries SET status = $3, next_attempt_at = $4, last_attempt_at = $5, last_status_code = $6,
         last_error = $7, delivered_at = CASE WHEN $3 = 'delivered' THEN $5 ELSE delivered_at END,
         lease_token = NULL, lease_until = NULL
       WHERE delivery_id = $1 AND lease_token = $2`,
      [
        claimed.delivery.deliveryId,
        claimed.leaseToken,
        next.status,
        next.nextAttemptAt,
        at,
        'statusCode' in result ? result.statusCode : null,
        'error' in result ? result.error.slice(0, 1000) : null,
      ],
    )) as [unknown, number];
    return updated === 1;
  }

  async find(deliveryId: string): Promise<Delivery | undefined> {
    const rows: Row[] = await this.manager.query('SELECT * FROM webhook_deliveries WHERE delivery_id = $1', [
      deliveryId,
    ]);
    return rows[0] && deliveryOfRow(rows[0]);
  }

  async lock(deliveryId: string): Promise<Delivery | undefined> {
    const rows: Row[] = await this.manager.query('SELECT * FROM webhook_deliveries WHERE delivery_id = $1 FOR UPDATE', [
      deliveryId,
    ]);
    return rows[0] && deliveryOfRow(rows[0]);
  }

  async redeliver(deliveryId: string, by: { subject: string; clientId: string }, at: Date): Promise<void> {
    await this.manager.query(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, retry_from = $2, redelivered_at = $2,
         redelivered_by = $3, redelivered_by_client_id = $4
       WHERE delivery_id = $1`,
      [deliveryId, at, by.subject, by.clientId],
    );
  }

  async restartRetries(subscriptionId: string, at: Date): Promise<void> {
    await this.manager.query(
      `UPDATE webhook_deliveries SET retry_from = $2, next_attempt_at = least(next_attempt_at, $2)
        WHERE subscription_id = $1 AND status = 'pending'`,
      [subscriptionId, at],
    );
  }

  async page(filter: DeliveryListFilter, limit: number, afterSequence?: number): Promise<Delivery[]> {
    // Only the conditions given, so that each shape of the query reads its own index.
    const conditions: string[] = [];
    const params: unknown[] = [limit];
    const where = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(condition(`$${params.length}`));
    };
    if (filter.subscriptionId !== undefined) where((p) => `subscription_id = ${p}`, filter.subscriptionId);
    if (filter.status !== undefined) where((p) => `status = ${p}`, filter.status);
    if (afterSequence !== undefined) where((p) => `sequence < ${p}`, afterSequence);
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM webhook_deliveries ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY sequence DESC LIMIT $1`,
      params,
    );
    return rows.map(deliveryOfRow);
  }
}

function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === null || value === undefined ? undefined : read(value);
}

export function deliveryOfRow(row: Row): Delivery {
  const redeliveredBy = optional(row['redelivered_by'], String);
  return {
    deliveryId: String(row['delivery_id']),
    sequence: Number(row['sequence']),
    subscriptionId: String(row['subscription_id']),
    returnId: String(row['return_id']),
    event: row['event'] as PublicEvent,
    status: row['status'] as DeliveryStatus,
    attempts: Number(row['attempts']),
    nextAttemptAt: row['next_attempt_at'] as Date,
    retryFrom: row['retry_from'] as Date,
    lastAttemptAt: optional(row['last_attempt_at'], (value) => value as Date),
    lastStatusCode: optional(row['last_status_code'], Number),
    lastError: optional(row['last_error'], String),
    deliveredAt: optional(row['delivered_at'], (value) => value as Date),
    createdAt: row['created_at'] as Date,
    redeliveredAt: optional(row['redelivered_at'], (value) => value as Date),
    redeliveredBy:
      redeliveredBy === undefined
        ? undefined
        : { subject: redeliveredBy, clientId: String(row['redelivered_by_client_id']) },
  };
}
