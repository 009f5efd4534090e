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
import { CompiledPayloads } from './validation/compiled-payloads';
import { FieldViolation, passesScreening, validatePlain } from './validation/validate-plain';

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
  const object = payloadObject(eventClass, data);
  const validation = validatePlain(eventClass, object, { unknownFields: 'drop' });
  if (!validation.valid) throw invalidPayload(eventClass, validation.violations);
  return validation.value;
}

/** Compiled once per process, each event class's validator on first use. */
const compiledPayloads = new CompiledPayloads();

/**
 * What `toValidPayload` accepts, checked by the validator compiled from the class's JSON Schema:
 * for events Rebound's own services publish, where this check runs on every event consumed. The
 * payload stays the parsed JSON, without the fields the class does not declare (dropped in place):
 * the same fields and values as the instance `toValidPayload` builds, strings staying strings, but
 * plain objects. A refused payload is explained as `toValidPayload` explains it, field by field (the
 * rare payload class-validator would take, such as one object for a list without `@IsArray`, in the
 * schema's words: the compiled validator decides).
 */
export function toCheckedPayload<T extends EventPayload>(eventClass: EventClass<T>, data: unknown): T {
  return checkedByCompiled(eventClass, payloadObject(eventClass, data));
}

/**
 * What a service publishes, checked as `toCheckedPayload` checks what it consumes, on a copy: the
 * caller's object is left as it was, and the copy comes back without the fields the class does not
 * declare — serialised, the same JSON as the instance `toValidPayload` builds. The copy keeps what
 * JSON has no word for (a `Date`, a `bigint`) as it is, so the compiled validator refuses it where
 * class-validator does, rather than checking the text it would have become.
 */
export function toPublishedPayload<T extends EventPayload>(eventClass: EventClass<T>, data: T): T {
  return checkedByCompiled(eventClass, payloadObject(eventClass, data), plainCopy);
}

/**
 * The payload, or the `copy` made of it once it passed screening, if the compiled validator takes
 * it (dropping in place the fields the class does not declare); otherwise the refusal, explained
 * from the payload as `toValidPayload` explains it.
 */
function checkedByCompiled<T extends EventPayload>(
  eventClass: EventClass<T>,
  checked: object,
  copy: (value: object) => object = (value) => value,
): T {
  const screened = passesScreening(checked);
  const candidate = screened ? copy(checked) : checked;
  const verdict = screened ? compiledPayloads.check(eventClass, candidate) : undefined;
  if (verdict?.valid) return candidate as T;
  const explained = validatePlain(eventClass, checked, { unknownFields: 'drop' });
  throw invalidPayload(eventClass, explained.valid ? (verdict?.violations ?? []) : explained.violations);
}

/**
 * Arrays and objects (plain or of a class) copied, down to the leaves; any other value — a `Date`,
 * a `bigint`, a `Map` — as it is. Only for screened input: no key named like a prototype member,
 * no nesting deeper than `MAX_NESTING`.
 */
function plainCopy<V>(value: V): V {
  if (Array.isArray(value)) return value.map(plainCopy) as V;
  if (value === null || typeof value !== 'object' || Object.prototype.toString.call(value) !== '[object Object]')
    return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = plainCopy((value as Record<string, unknown>)[key]);
  return copy as V;
}

function payloadObject(eventClass: EventClass, data: unknown): object {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InvalidEventError('invalid-payload', `${eventClass.eventType} payload must be a JSON object`);
  }
  return data;
}

function invalidPayload(eventClass: EventClass, fieldViolations: readonly FieldViolation[]): InvalidEventError {
  const violations = fieldViolations.map(({ field, message }) => `${field}: ${message}`);
  return new InvalidEventError(
    'invalid-payload',
    `${eventClass.eventType} payload is invalid: ${violations.join('; ')}`,
    violations,
  );
}
