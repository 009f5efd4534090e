import { RawHeaders, EventEnvelope, decodeEnvelope } from './envelope';
import { EventClass, EventPayload, toValidPayload } from './event-payload';
import { InvalidEventError } from './invalid-event.error';
import { topicMatches } from './topics';

export interface DecodedEvent<T extends EventPayload = EventPayload> extends EventEnvelope<T> {
  readonly eventClass: EventClass<T>;
}

/**
 * Raw Kafka bytes and headers → a typed, validated event of one of `known`, or an
 * InvalidEventError that says exactly what is wrong.
 */
export function decodeEvent(
  topic: string,
  value: Buffer | null,
  headers: RawHeaders,
  known: readonly EventClass[],
): DecodedEvent {
  const envelope = decodeEnvelope(value, headers);
  const candidates = known.filter((eventClass) => topicMatches(eventClass.topic, topic));
  const eventClass = candidates.find((candidate) => candidate.eventType === envelope.type);
  if (!eventClass) {
    const expected = candidates.map((candidate) => candidate.eventType).join(', ') || 'none';
    throw new InvalidEventError(
      'unknown-type',
      `ce_type "${envelope.type}" is not an event this consumer handles on ${topic} (handles: ${expected})`,
    );
  }
  return { ...envelope, eventClass, data: toValidPayload(eventClass, envelope.data) };
}
