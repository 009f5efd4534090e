/**
 * Event payloads are classes validated with class-validator. Each payload class names the event
 * type (a past-tense fact) and the catalogue topic it travels on:
 *
 *   export class ReturnRequested extends EventPayload {
 *     static readonly eventType = 'ReturnRequested';
 *     static readonly topic = Topics.returnsReturn;
 *     @IsUUID() returnId!: string;
 *   }
 */
import 'reflect-metadata';
import { InvalidEventError } from './invalid-event.error';
import { TopicRef } from './topics';
import { validatePlain } from './validation/validate-plain';

export abstract class EventPayload {}

export interface EventClass<T extends EventPayload = EventPayload> {
  new (): T;
  readonly eventType: string;
  readonly topic: TopicRef;
}

/**
 * Turns untrusted JSON into a validated payload instance. Properties the class does not declare are
 * dropped rather than refused, so producers can add fields within a topic version.
 */
export function toValidPayload<T extends EventPayload>(eventClass: EventClass<T>, data: unknown): T {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InvalidEventError('invalid-payload', `${eventClass.eventType} payload must be a JSON object`);
  }
  const validation = validatePlain(eventClass, data, { unknownFields: 'drop' });
  if (!validation.valid) {
    const violations = validation.violations.map(({ field, message }) => `${field}: ${message}`);
    throw new InvalidEventError(
      'invalid-payload',
      `${eventClass.eventType} payload is invalid: ${violations.join('; ')}`,
      violations,
    );
  }
  return validation.value;
}
