/**
 * The CloudEvents 1.0 envelope in Kafka binary content mode: attributes travel as `ce_*` headers,
 * the value is the JSON data, and the key keeps one subject's events in order on one partition.
 */
import { isUtf8 } from 'node:buffer';
import { InvalidEventError } from './invalid-event.error';
import { hasControlCharacters } from './validation/validate-plain';

export const CE_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';

export const EventHeaders = {
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  subject: 'ce_subject',
  specversion: 'ce_specversion',
  contentType: 'content-type',
  traceparent: 'traceparent',
} as const;

export interface EventEnvelope<T = unknown> {
  /** Unique per event (uuid); consumers deduplicate on it. */
  readonly id: string;
  readonly type: string;
  /** URI reference of the producer, e.g. `/rebound/returns-intake`. */
  readonly source: string;
  /** The entity the event is about (the return id); also the default Kafka key. */
  readonly subject: string;
  readonly time: Date;
  readonly traceparent?: string;
  readonly data: T;
}

/** Header values as Kafka clients hand them over. */
export type RawHeaderValue = Buffer | string | (Buffer | string)[] | undefined;
export type RawHeaders = Record<string, RawHeaderValue>;

export interface EncodedEvent {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

export function encodeEvent(envelope: EventEnvelope, key: string = envelope.subject): EncodedEvent {
  const headers: Record<string, string> = {
    [EventHeaders.id]: envelope.id,
    [EventHeaders.type]: envelope.type,
    [EventHeaders.source]: envelope.source,
    [EventHeaders.time]: envelope.time.toISOString(),
    [EventHeaders.subject]: envelope.subject,
    [EventHeaders.specversion]: CE_SPEC_VERSION,
    [EventHeaders.contentType]: JSON_CONTENT_TYPE,
  };
  if (envelope.traceparent) headers[EventHeaders.traceparent] = envelope.traceparent;
  return { key, value: Buffer.from(JSON.stringify(envelope.data)), headers };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3339 date-time, as CloudEvents requires for `time`.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function headerText(headers: RawHeaders, name: string): string | undefined {
  const value = headers[name];
  const single = Array.isArray(value) ? value[value.length - 1] : value;
  if (single === undefined) return undefined;
  return typeof single === 'string' ? single : single.toString('utf8');
}

/** Longer than any id, type, source, subject or time an event carries. */
const MAX_HEADER_LENGTH = 256;

function required(headers: RawHeaders, name: string): string {
  const value = headerText(headers, name);
  if (value === undefined || value.trim() === '') {
    throw new InvalidEventError('missing-header', `header ${name} is missing`);
  }
  if (hasControlCharacters(value) || value.length > MAX_HEADER_LENGTH) {
    throw new InvalidEventError(
      'invalid-header',
      `header ${name} must be at most ${MAX_HEADER_LENGTH} characters without control characters`,
    );
  }
  return value;
}

/** Reads the envelope from headers and value; payload validation is `toValidPayload`'s job. */
export function decodeEnvelope(value: Buffer | null, headers: RawHeaders): EventEnvelope<unknown> {
  const specversion = required(headers, EventHeaders.specversion);
  if (specversion !== CE_SPEC_VERSION) {
    throw new InvalidEventError(
      'invalid-header',
      `header ${EventHeaders.specversion} is "${specversion}", only "${CE_SPEC_VERSION}" is supported`,
    );
  }
  const id = required(headers, EventHeaders.id);
  if (!UUID.test(id)) {
    throw new InvalidEventError('invalid-header', `header ${EventHeaders.id} must be a uuid, got "${id}"`);
  }
  const type = required(headers, EventHeaders.type);
  const source = required(headers, EventHeaders.source);
  const subject = required(headers, EventHeaders.subject);
  const timeText = required(headers, EventHeaders.time);
  const time = new Date(timeText);
  if (!RFC3339.test(timeText) || Number.isNaN(time.getTime())) {
    throw new InvalidEventError(
      'invalid-header',
      `header ${EventHeaders.time} must be an RFC 3339 timestamp, got "${timeText}"`,
    );
  }
  const contentType = headerText(headers, EventHeaders.contentType);
  if (contentType !== undefined && contentType.split(';')[0].trim().toLowerCase() !== JSON_CONTENT_TYPE) {
    throw new InvalidEventError(
      'unsupported-content-type',
      `content-type "${contentType}" is not supported, events are ${JSON_CONTENT_TYPE}`,
    );
  }
  if (value === null || value.length === 0) {
    throw new InvalidEventError('missing-value', `${type} ${id} has no value`);
  }
  if (!isUtf8(value)) {
    throw new InvalidEventError('malformed-json', `${type} ${id} is not UTF-8 (JSON must be)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new InvalidEventError('malformed-json', `${type} ${id} is not valid JSON: ${(error as Error).message}`);
  }
  return { id, type, source, subject, time, traceparent: headerText(headers, EventHeaders.traceparent), data };
}
