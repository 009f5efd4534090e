/**
 * The inbox: which events a consumer group is done with, by topic and event id (an id is unique per
 * writer, and a topic has one). Recording an event in the same transaction as its effect makes
 * redelivery a no-op; recording a dead-lettered event keeps a redelivered copy
 * from being retried (or dead-lettered) again; a parked event (kept until a fact it depends on is
 * read, see parked-events.ts) is the consumer's own to try again, so a redelivery ignores it too. A replay (a dead letter sent back on purpose, see
 * REPLAY_HEADER) is the one copy that may try a dead-lettered event again.
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
  readonly outcome: InboxOutcome;
}

export type InboxOutcome = 'applied' | 'dead-lettered' | 'parked';

export interface InboxOptions {
  /**
   * The event is a replay of one of the group's dead letters: an entry saying `dead-lettered` is
   * taken over (it becomes `entry`) rather than ending the work. That happens in the caller's
   * transaction, so if the handlers fail it rolls back and the entry stays `dead-lettered` (the row
   * stays locked till then: two copies of a replay cannot both take it over). An `applied` entry
   * still makes the replay a no-op, and so does a `parked` one (the event is still to be tried).
   */
  readonly replay?: boolean;
}

/** Records the event; false when the group was already done with it (the caller then does nothing). */
export async function recordInInbox(
  manager: EntityManager,
  entry: InboxEntry,
  { replay = false }: InboxOptions = {},
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO ${schemaTable(manager, 'inbox')} AS done (consumer_group, event_id, event_type, topic, "partition", "offset", outcome)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (consumer_group, topic, event_id) ${onConflict(replay)}
     RETURNING 1`,
    [entry.groupId, entry.eventId, entry.eventType, entry.topic, entry.partition, entry.offset, entry.outcome],
  );
  return rows.length === 1;
}

/** What recording an event just read found: whether it is new to the group, and what it waits behind. */
export interface Arrival {
  /** False when the group was already done with the event: the caller does nothing. */
  readonly recorded: boolean;
  /** The last event parked in the event's chain (see parked-events.ts), which it must wait behind. */
  readonly behind: string | undefined;
}

/**
 * Records an event just read, in one statement: `parked` when its chain has a parked event it must
 * wait behind (named in the answer), `applied` otherwise — the caller then parks it, or applies it,
 * in the same transaction.
 */
export async function recordArrival(
  manager: EntityManager,
  entry: Omit<InboxEntry, 'outcome'>,
  chain: string,
  { replay = false }: InboxOptions = {},
): Promise<Arrival> {
  const [row]: { behind: string | null; recorded: boolean }[] = await manager.query(
    `WITH ahead AS (
       SELECT event_id FROM ${schemaTable(manager, 'parked_event')}
        WHERE consumer_group = $1 AND topic = $4 AND chain = $7 ORDER BY position DESC LIMIT 1
     ), recorded AS (
       INSERT INTO ${schemaTable(manager, 'inbox')} AS done (consumer_group, event_id, event_type, topic, "partition", "offset", outcome)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN EXISTS (SELECT 1 FROM ahead) THEN 'parked' ELSE 'applied' END)
       ON CONFLICT (consumer_group, topic, event_id) ${onConflict(replay)}
       RETURNING 1
     )
     SELECT (SELECT event_id FROM ahead) AS behind, EXISTS (SELECT 1 FROM recorded) AS recorded`,
    [entry.groupId, entry.eventId, entry.eventType, entry.topic, entry.partition, entry.offset, chain],
  );
  return { recorded: row.recorded, behind: row.behind ?? undefined };
}

function onConflict(replay: boolean): string {
  return replay
    ? `DO UPDATE SET outcome = EXCLUDED.outcome, "partition" = EXCLUDED."partition", "offset" = EXCLUDED."offset",
         processed_at = now()
       WHERE done.outcome = 'dead-lettered'`
    : 'DO NOTHING';
}

/** What became of an event recorded earlier: a parked event applied, or dead-lettered at last. */
export async function changeInboxOutcome(
  manager: EntityManager,
  entry: Pick<InboxEntry, 'groupId' | 'topic' | 'eventId' | 'outcome'>,
): Promise<void> {
  await manager.query(
    `UPDATE ${schemaTable(manager, 'inbox')} SET outcome = $4, processed_at = now()
      WHERE consumer_group = $1 AND topic = $2 AND event_id = $3`,
    [entry.groupId, entry.topic, entry.eventId, entry.outcome],
  );
}
