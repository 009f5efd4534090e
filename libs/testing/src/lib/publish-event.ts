/**
 * Publishes one event the way another service (or a partner) would: a CloudEvent in Kafka binary
 * mode, keyed by its subject, straight to a physical topic — for tests that feed a service.
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
  const id = event.id ?? randomUUID();
  const encoded = encodeEvent({
    id,
    type: event.eventClass.eventType,
    source: event.source ?? '/rebound/tests',
    subject: event.subject,
    time: event.time ?? new Date(),
    data: event.data,
  });
  await produce(topic, [{ key: encoded.key, value: encoded.value, headers: encoded.headers }]);
  return id;
}
