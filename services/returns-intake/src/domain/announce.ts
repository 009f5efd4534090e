/**
 * Publishing one of returns-intake's own facts always does two things in the same transaction:
 * the event goes to the outbox, and the return's timeline gets the entry a reader will see. `time` is
 * when it happened by the service's clock, so the event and its timeline entry agree with the rows the
 * same transaction wrote.
 */
import type { EventClass, EventPayload } from '@rebound/contracts';
import type { Actor } from '@rebound/contracts';
import type { IntakeTransaction } from './ports';
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
  const published = await tx.events.publish(eventClass, data, returnId, { time });
  await tx.returns.appendTimeline({
    eventId: published.id,
    returnId,
    eventType: eventClass.eventType,
    source: published.source,
    occurredAt: published.time,
    statusAfter,
    details: { ...data } as Record<string, unknown>,
    actor,
  });
}
