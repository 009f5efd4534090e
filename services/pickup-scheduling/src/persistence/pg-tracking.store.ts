/**
 * The tracking port on Postgres, bound to one transaction's EntityManager: every tracking event
 * accepted from a partner (once per partner event id) and every one refused as not the partner's.
 */
import { EntityManager } from 'typeorm';
import type { TrackingStatus } from '@rebound/contracts';
import type {
  RejectedEntry,
  RejectedTracking,
  TrackingChannel,
  TrackingEntry,
  TrackingHistoryEntry,
  TrackingStore,
} from '../domain/ports';

type Row = Record<string, unknown>;

export class PgTrackingStore implements TrackingStore {
  constructor(private readonly manager: EntityManager) {}

  async insertTracking(entry: TrackingEntry): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO tracking_events (partner_id, event_id, pickup_id, status, occurred_at, received_at, channel, outcome,
         note, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
       ON CONFLICT (partner_id, event_id) DO NOTHING
       RETURNING event_id`,
      [
        entry.partnerId,
        entry.eventId,
        entry.pickupId,
        entry.status,
        entry.occurredAt,
        entry.receivedAt,
        entry.channel,
        entry.outcome,
        entry.note,
        JSON.stringify(entry.payload),
      ],
    );
    return rows.length === 1;
  }

  /** Every accepted tracking event of a pickup, in the order they happened at the partner. */
  async trackingHistory(pickupId: string): Promise<TrackingHistoryEntry[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM tracking_events WHERE pickup_id = $1 ORDER BY occurred_at, position`,
      [pickupId],
    );
    return rows.map((row) => ({
      eventId: String(row['event_id']),
      status: row['status'] as TrackingStatus,
      occurredAt: row['occurred_at'] as Date,
      receivedAt: row['received_at'] as Date,
      channel: row['channel'] as TrackingChannel,
      outcome: row['outcome'] as 'applied' | 'ignored',
      note: (row['note'] as string | null) ?? null,
      details: row['payload'] as Record<string, unknown>,
    }));
  }

  async insertRejected(entry: RejectedTracking): Promise<void> {
    await this.manager.query(
      `INSERT INTO rejected_tracking_events (partner_id, event_id, pickup_id, channel, reason, detail, payload, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
       ON CONFLICT (partner_id, event_id) DO NOTHING`,
      [
        entry.partnerId,
        entry.eventId,
        entry.pickupId,
        entry.channel,
        entry.reason,
        entry.detail,
        JSON.stringify(entry.payload),
        entry.receivedAt,
      ],
    );
  }

  /** Events refused from a partner, oldest first; `after` is the last rejection id of the previous page. */
  async rejectedEvents(partnerId: string, limit: number, after?: string): Promise<RejectedEntry[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM rejected_tracking_events WHERE partner_id = $1 AND ($2::bigint IS NULL OR rejection_id > $2)
        ORDER BY rejection_id LIMIT $3`,
      [partnerId, after ?? null, limit],
    );
    return rows.map((row) => ({
      rejectionId: String(row['rejection_id']),
      partnerId: String(row['partner_id']),
      eventId: String(row['event_id']),
      pickupId: String(row['pickup_id']),
      channel: row['channel'] as TrackingChannel,
      reason: row['reason'] as RejectedTracking['reason'],
      detail: String(row['detail']),
      payload: row['payload'] as Record<string, unknown>,
      receivedAt: row['received_at'] as Date,
    }));
  }
}
