/** Dead letters as a service's consumer writes them (libs/messaging `deadLetterMessage`), for the dead-letter tool's tests. */
import { randomUUID } from 'node:crypto';
import { IncomingMessage, OutgoingMessage } from '@rebound/kafka';
import { Topics, encodeEvent } from '@rebound/contracts';
import { ErrorClass, PermanentError, deadLetterMessage } from '@rebound/messaging';

export interface Failure {
  readonly eventId?: string;
  readonly eventType?: string;
  readonly subject?: string;
  /** The topic the event was consumed from. */
  readonly topic?: string;
  readonly groupId?: string;
  readonly error?: unknown;
  readonly kind?: ErrorClass;
  readonly attempts?: number;
  /** Headers the original message carried besides the envelope's. */
  readonly headers?: Record<string, string>;
}

/** The dead letter a consumer writes to `deadLetterTopic` for an event it could not apply. */
export function deadLetter(deadLetterTopic: string, failure: Failure = {}): OutgoingMessage {
  const subject = failure.subject ?? randomUUID();
  const event = encodeEvent({
    id: failure.eventId ?? randomUUID(),
    type: failure.eventType ?? 'InspectionCompleted',
    source: '/rebound/warehouse-qc',
    subject,
    time: new Date('2030-03-04T08:00:00.000Z'),
    data: { returnId: subject },
  });
  const original: IncomingMessage = {
    topic: failure.topic ?? Topics.warehouseInspection.name,
    partition: 1,
    offset: '41',
    key: Buffer.from(event.key),
    value: event.value,
    headers: { ...event.headers, ...failure.headers },
  };
  return deadLetterMessage(
    original,
    deadLetterTopic,
    failure.groupId ?? 'refunds.main',
    failure.error ?? new PermanentError('inspection of an unknown return'),
    failure.kind ?? 'permanent',
    failure.attempts ?? 1,
  );
}

/** A dead letter as the tool reads it back from the dead-letter topic. */
export function readBack(message: OutgoingMessage, partition: number, offset: number): IncomingMessage {
  const key = typeof message.key === 'string' ? Buffer.from(message.key) : message.key;
  return { ...message, key, partition, offset: String(offset) };
}
