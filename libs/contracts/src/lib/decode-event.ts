import { RawHeaders, EventEnvelope, decodeEnvelope } from './envelope';
import { EventClass, EventPayload, toCheckedPayload, toValidPayload } from './event-payload';
import { InvalidEventError } from './invalid-event.error';
import { topicMatches } from './topics';

export interface DecodedEvent<T extends EventPayload = EventPayload> extends EventEnvelope<T> {
  readonly eventClass: EventClass<T>;
}

/**
 * Raw Kafka bytes and headers → a typed, validated event of one of `known`, or an
 * InvalidEventError that says exactly what is wrong. An event Rebound's own services publish is
 * checked by its compiled validator and handed over as the parsed JSON (`toCheckedPayload`); one
 * from outside (the commerce platform's orders, partners' tracking) meets class-validator and is
 * handed over as an instance of its class (`toValidPayload`), as HTTP bodies are.
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
  const fromOutside = eventClass.topic.producer === 'external';
  const data = fromOutside ? toValidPayload(eventClass, envelope.data) : toCheckedPayload(eventClass, envelope.data);
  return { ...envelope, eventClass, data };
}
