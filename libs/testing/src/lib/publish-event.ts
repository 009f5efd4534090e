/**
 * Publishes events the way another service (or a partner) would: CloudEvents in Kafka binary mode,
 * keyed by their subjects, straight to a physical topic — for tests that feed a service.
 */
import { randomUUID } from 'node:crypto';
import { encodeEvent, type EventClass, type EventPayload } from '@rebound/contracts';
import { produce } from './kafka';

export interface EventToPublish<T extends EventPayload> {
  readonly eventClass: EventClass<T>;
  readonly data: T;
  readonly subject: string;
  /** `ce_id`; a fresh uuid unless a test repeats one on purpose. */
  readonly id?: string;
  readonly time?: Date;
  readonly source?: string;
}

/** Returns the event's id. */
export async function publishEvent<T extends EventPayload>(topic: string, event: EventToPublish<T>): Promise<string> {
  const [id] = await publishEvents(topic, [event]);
  return id;
}

/**
 * A burst: every event in one send, so they reach the service together (on each partition, in the
 * order given). Returns the events' ids in that order.
 */
export async function publishEvents<T extends EventPayload>(
  topic: string,
  events: readonly EventToPublish<T>[],
): Promise<string[]> {
  const ids = events.map((event) => event.id ?? randomUUID());
  const encoded = events.map((event, index) =>
    encodeEvent({
      id: ids[index],
      type: event.eventClass.eventType,
      source: event.source ?? '/rebound/tests',
      subject: event.subject,
      time: event.time ?? new Date(),
      data: event.data,
    }),
  );
  await produce(
    topic,
    encoded.map(({ key, value, headers }) => ({ key, value, headers })),
  );
  return ids;
}
