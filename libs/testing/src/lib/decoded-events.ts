/** What a service published, decoded and validated against the contracts, as a test reads it. */
import { decodeEvent, type EventClass } from '@rebound/contracts';
import type { SeenMessage } from './test-consumer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read payloads field by field
type Json = any;

export interface DecodedTestEvent {
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  readonly data: Json;
}

/**
 * @param logicalTopic maps a physical topic back to its catalogue name (messaging's `logicalTopic`
 *   for a namespaced test), since the contracts know topics by their catalogue names.
 */
export function decodedEvents(
  messages: readonly SeenMessage[],
  known: readonly EventClass[],
  logicalTopic: (physical: string) => string,
): DecodedTestEvent[] {
  return messages.map((message) => {
    const event = decodeEvent(
      logicalTopic(message.topic),
      message.value === null ? null : Buffer.from(message.value),
      message.headers,
      known,
    );
    return { id: event.id, type: event.type, subject: event.subject, data: event.data };
  });
}
