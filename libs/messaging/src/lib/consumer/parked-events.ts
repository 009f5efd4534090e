/**
 * The parked events of a consumer group: events read before a fact they depend on (see
 * FactNotYetKnownError), kept with their raw message (value bytes and headers) so they can be decoded
 * and tried again. A key's parked events form a chain, tried in the order they were read; an event
 * read while its key has parked events is parked behind them without being tried. The event's inbox
 * row says `parked` meanwhile, written in the same transaction as its parked row.
 */
import { DataSource, EntityManager } from 'typeorm';
import { RawHeaders } from '@rebound/contracts';
import { IncomingMessage } from '@rebound/kafka';
import { schemaTable } from '../schema-table';

export interface ParkedEvent {
  readonly eventId: string;
  readonly message: IncomingMessage;
  readonly reason: string;
  /** Tries so far, the first (when the event was read) included; 0 for one parked behind another. */
  readonly attempts: number;
  readonly parkedAt: Date;
}

export interface Parking {
  readonly groupId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly message: IncomingMessage;
  readonly reason: string;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
}

interface ParkedRow {
  event_id: string;
  topic: string;
  partition: number;
  offset: string;
  message_key: string | null;
  value: Buffer | null;
  headers: Record<string, string[]>;
  reason: string;
  attempts: number;
  parked_at: Date;
}

/** The chain a message joins: its key's, or its own when it has no key (nothing to keep in order). */
export function chainOf(message: IncomingMessage, eventId: string): string {
  return message.key === null ? `event:${eventId}` : `key:${message.key.toString('utf8')}`;
}

export async function park(manager: EntityManager, parking: Parking): Promise<void> {
  const { message } = parking;
  await manager.query(
    `INSERT INTO ${schemaTable(manager, 'parked_event')}
       (consumer_group, topic, event_id, event_type, "partition", "offset", message_key, value, headers, reason,
        attempts, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      parking.groupId,
      message.topic,
      parking.eventId,
      parking.eventType,
      message.partition,
      message.offset,
      message.key?.toString('utf8') ?? null,
      message.value,
      JSON.stringify(storedHeaders(message.headers)),
      parking.reason,
      parking.attempts,
      parking.nextAttemptAt,
    ],
  );
}

/**
 * Chains whose first event is due, or whose key is one of `keys` (a fact of that key was just
 * applied), the longest-waiting first.
 */
export async function chainsToTry(
  dataSource: DataSource,
  groupId: string,
  keys: readonly string[],
  limit: number,
): Promise<{ topic: string; chain: string }[]> {
  return dataSource.query(
    `SELECT topic, chain FROM (
       SELECT DISTINCT ON (topic, chain) topic, chain, message_key, next_attempt_at
         FROM ${schemaTable(dataSource, 'parked_event')}
        WHERE consumer_group = $1
        ORDER BY topic, chain, position) head
      WHERE next_attempt_at <= now() OR message_key = ANY($2)
      ORDER BY next_attempt_at LIMIT $3`,
    [groupId, keys, limit],
  );
}

/**
 * Locks the chain's first event for the caller's transaction; undefined when the chain is empty or
 * another replica is working on it (then the first event is locked, and the one after it is not first).
 */
export async function lockFirstInChain(
  manager: EntityManager,
  groupId: string,
  topic: string,
  chain: string,
): Promise<ParkedEvent | undefined> {
  const table = schemaTable(manager, 'parked_event');
  const rows: ParkedRow[] = await manager.query(
    `SELECT event_id, topic, "partition", "offset", message_key, value, headers, reason, attempts, parked_at
       FROM ${table} p
      WHERE consumer_group = $1 AND topic = $2 AND chain = $3
        AND NOT EXISTS (SELECT 1 FROM ${table} earlier
                         WHERE earlier.consumer_group = p.consumer_group AND earlier.topic = p.topic
                           AND earlier.chain = p.chain AND earlier.position < p.position)
      FOR UPDATE SKIP LOCKED`,
    [groupId, topic, chain],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    eventId: row.event_id,
    reason: row.reason,
    attempts: row.attempts,
    parkedAt: row.parked_at,
    message: {
      topic: row.topic,
      partition: row.partition,
      offset: String(row.offset),
      key: row.message_key === null ? null : Buffer.from(row.message_key, 'utf8'),
      value: row.value,
      headers: rawHeaders(row.headers),
    },
  };
}

/** The event still waits: what for, how many tries so far, and when to try next. */
export async function reschedule(
  manager: EntityManager,
  groupId: string,
  parked: ParkedEvent,
  update: { reason: string; attempts: number; nextAttemptAt: Date },
): Promise<void> {
  await manager.query(
    `UPDATE ${schemaTable(manager, 'parked_event')} SET reason = $4, attempts = $5, next_attempt_at = $6
      WHERE consumer_group = $1 AND topic = $2 AND event_id = $3`,
    [groupId, parked.message.topic, parked.eventId, update.reason, update.attempts, update.nextAttemptAt],
  );
}

export async function unpark(manager: EntityManager, groupId: string, parked: ParkedEvent): Promise<void> {
  await manager.query(
    `DELETE FROM ${schemaTable(manager, 'parked_event')} WHERE consumer_group = $1 AND topic = $2 AND event_id = $3`,
    [groupId, parked.message.topic, parked.eventId],
  );
}

export async function hasParkedEvents(dataSource: DataSource, groupId: string): Promise<boolean> {
  const [row]: { parked: boolean }[] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM ${schemaTable(dataSource, 'parked_event')} WHERE consumer_group = $1) AS parked`,
    [groupId],
  );
  return row.parked;
}

/** How many events the group has parked, and how long the oldest has waited (0 when none). */
export async function parkedBacklog(
  dataSource: DataSource,
  groupId: string,
): Promise<{ count: number; oldestAgeSeconds: number }> {
  const [row]: Record<string, unknown>[] = await dataSource.query(
    `SELECT count(*)::int AS count, COALESCE(extract(epoch FROM now() - min(parked_at)), 0) AS age
       FROM ${schemaTable(dataSource, 'parked_event')} WHERE consumer_group = $1`,
    [groupId],
  );
  return { count: Number(row['count']), oldestAgeSeconds: Number(row['age']) };
}

/** Header values as base64, a list per header (Kafka allows a header to repeat): bytes kept as read. */
function storedHeaders(headers: RawHeaders): Record<string, string[]> {
  const stored: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    stored[name] = (Array.isArray(value) ? value : [value]).map((single) => Buffer.from(single).toString('base64'));
  }
  return stored;
}

function rawHeaders(stored: Record<string, string[]>): RawHeaders {
  const headers: RawHeaders = {};
  for (const [name, values] of Object.entries(stored)) {
    const buffers = values.map((value) => Buffer.from(value, 'base64'));
    headers[name] = buffers.length === 1 ? buffers[0] : buffers;
  }
  return headers;
}
