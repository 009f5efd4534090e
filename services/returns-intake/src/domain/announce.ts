/**
 * Publishing one of returns-intake's own facts always does two things in the same transaction:
 * the event goes to the outbox, and the return's timeline gets the entry a reader will see. `time` is
 * when it happened by the service's clock, so the event and its timeline entry agree with the rows the
 * same transaction wrote. Opening a return takes the two halves apart (`published`), so that its
 * first entries are stored in one write with the return.
 */
import type { EventClass, EventPayload } from '@rebound/contracts';
import type { Actor } from '@rebound/contracts';
import type { IntakeTransaction } from './ports';
import type { TimelineEntry } from './return-request';
import type { ReturnStatus } from './return-status';

export async function announce<T extends EventPayload>(
  tx: IntakeTransaction,
  returnId: string,
  eventClass: EventClass<T>,
  data: T,
  statusAfter: ReturnStatus,
  time: Date,
  /** Who caused it through the API; none for what the service does on other services' facts. */
  actor: Actor | null = null,
): Promise<void> {
  await tx.returns.appendTimeline(await published(tx, returnId, eventClass, data, statusAfter, time, actor));
}

/**
 * The first half of `announce`: the event goes to the outbox, and its timeline entry is handed back
 * for a caller that stores it together with other rows of the same transaction (opening a return).
 */
export async function published<T extends EventPayload>(
  tx: IntakeTransaction,
  returnId: string,
  eventClass: EventClass<T>,
  data: T,
  statusAfter: ReturnStatus,
  time: Date,
  actor: Actor | null = null,
): Promise<TimelineEntry> {
  const event = await tx.events.publish(eventClass, data, returnId, { time });
  return {
    eventId: event.id,
    returnId,
    eventType: eventClass.eventType,
    source: event.source,
    occurredAt: event.time,
    statusAfter,
    details: { ...data } as Record<string, unknown>,
    actor,
  };
}
