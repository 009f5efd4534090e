/**
 * The inbox: which events a consumer group is done with, by topic and event id (an id is unique per
 * writer, and a topic has one). Recording an event in the same transaction as its effect makes
 * redelivery a no-op; recording a dead-lettered event keeps a redelivered copy
 * from being retried (or dead-lettered) again.
 */
import { EntityManager } from 'typeorm';
import { schemaTable } from '../schema-table';

export interface InboxEntry {
  readonly groupId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly outcome: 'applied' | 'dead-lettered';
}

/** Records the event; false when the group was already done with it (the caller then does nothing). */
export async function recordInInbox(manager: EntityManager, entry: InboxEntry): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO ${schemaTable(manager, 'inbox')} (consumer_group, event_id, event_type, topic, "partition", "offset", outcome)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (consumer_group, topic, event_id) DO NOTHING
     RETURNING 1`,
    [entry.groupId, entry.eventId, entry.eventType, entry.topic, entry.partition, entry.offset, entry.outcome],
  );
  return rows.length === 1;
}
