import { Type } from 'class-transformer';
import { ArrayMinSize, IsInt, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { decodeEvent } from './decode-event';
import { EventEnvelope, encodeEvent } from './envelope';
import { EventPayload } from './event-payload';
import { InvalidEventError } from './invalid-event.error';
import { PartnerTopics, Topics } from './topics';

class ParcelLine {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

class ParcelWeighed extends EventPayload {
  static readonly eventType = 'ParcelWeighed';
  static readonly topic = Topics.pickupsPickup;
  @IsUUID() returnId!: string;
  @ValidateNested({ each: true }) @Type(() => ParcelLine) @ArrayMinSize(1) lines!: ParcelLine[];
}

class PickedUp extends EventPayload {
  static readonly eventType = 'picked_up';
  static readonly topic = PartnerTopics.tracking;
  @IsString() trackingNumber!: string;
}

const known = [ParcelWeighed, PickedUp];

function envelope(data: unknown, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: randomUUID(),
    type: 'ParcelWeighed',
    source: '/rebound/test',
    subject: randomUUID(),
    time: new Date('2026-11-26T10:00:00.000Z'),
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    data,
    ...overrides,
  };
}

function decodeEncoded(topic: string, env: EventEnvelope, mutate?: (headers: Record<string, string>) => void) {
  const encoded = encodeEvent(env);
  const headers: Record<string, Buffer | string> = { ...encoded.headers };
  mutate?.(headers as Record<string, string>);
  return decodeEvent(topic, encoded.value, headers, known);
}

function reasonOf(fn: () => unknown): { reason: string; message: string; violations: readonly string[] } {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEventError');
}

describe('decodeEvent', () => {
  const validData = { returnId: randomUUID(), lines: [{ sku: 'SKU-1', quantity: 2 }] };

  it('turns an encoded event back into a typed, validated payload with its envelope', () => {
    const sent = envelope(validData);
    const decoded = decodeEncoded(Topics.pickupsPickup.name, sent);
    expect(decoded.eventClass).toBe(ParcelWeighed);
    expect(decoded.data).toStrictEqual(validData);
    expect(decoded).toMatchObject({ id: sent.id, subject: sent.subject, traceparent: sent.traceparent });
    expect(decoded.time.toISOString()).toBe('2026-11-26T10:00:00.000Z');
  });

  it('hands over an event from outside Rebound as an instance of its class, checked by class-validator', () => {
    const tracking = { trackingNumber: 'TRK-1' };
    const decoded = decodeEncoded('partners.acme.tracking.v1', envelope(tracking, { type: 'picked_up' }));
    expect(decoded.data).toBeInstanceOf(PickedUp);
    expect(decoded.data).toEqual(tracking);
  });

  it('reads headers that arrive as Buffers, the way Kafka clients deliver them', () => {
    const sent = envelope(validData);
    const encoded = encodeEvent(sent);
    const headers = Object.fromEntries(Object.entries(encoded.headers).map(([k, v]) => [k, Buffer.from(v)]));
    expect(decodeEvent(Topics.pickupsPickup.name, encoded.value, headers, known).id).toBe(sent.id);
  });

  it('drops fields the payload class does not know, so producers can add fields within a version', () => {
    const decoded = decodeEncoded(Topics.pickupsPickup.name, envelope({ ...validData, addedLater: true }));
    expect(decoded.data).not.toHaveProperty('addedLater');
  });

  it('matches events of a partner topic family by the concrete topic name', () => {
    const sent = envelope({ trackingNumber: 'TRK1' }, { type: 'picked_up' });
    expect(decodeEncoded('partners.acme-3pl.tracking.v1', sent).data).toEqual({ trackingNumber: 'TRK1' });
  });

  it.each([
    ['ce_id', 'missing-header', 'header ce_id is missing'],
    ['ce_type', 'missing-header', 'header ce_type is missing'],
    ['ce_source', 'missing-header', 'header ce_source is missing'],
    ['ce_subject', 'missing-header', 'header ce_subject is missing'],
    ['ce_time', 'missing-header', 'header ce_time is missing'],
    ['ce_specversion', 'missing-header', 'header ce_specversion is missing'],
  ])('refuses a message without %s', (header, reason, message) => {
    const error = reasonOf(() =>
      decodeEncoded(Topics.pickupsPickup.name, envelope(validData), (h) => delete h[header]),
    );
    expect(error).toMatchObject({ reason, message });
  });

  it.each([
    ['ce_specversion', '0.3', 'header ce_specversion is "0.3", only "1.0" is supported'],
    ['ce_id', 'not-a-uuid', 'header ce_id must be a uuid, got "not-a-uuid"'],
    ['ce_time', 'yesterday', 'header ce_time must be an RFC 3339 timestamp, got "yesterday"'],
    ['ce_time', '2026-13-45T99:00:00Z', 'header ce_time must be an RFC 3339 timestamp, got "2026-13-45T99:00:00Z"'],
  ])('refuses %s = %s with a precise message', (header, value, message) => {
    const error = reasonOf(() =>
      decodeEncoded(Topics.pickupsPickup.name, envelope(validData), (h) => (h[header] = value)),
    );
    expect(error).toMatchObject({ reason: 'invalid-header', message });
  });

  it('refuses a content type other than JSON', () => {
    const error = reasonOf(() =>
      decodeEncoded(Topics.pickupsPickup.name, envelope(validData), (h) => (h['content-type'] = 'application/avro')),
    );
    expect(error.reason).toBe('unsupported-content-type');
  });

  it('refuses an empty value and a value that is not JSON', () => {
    const encoded = encodeEvent(envelope(validData));
    expect(reasonOf(() => decodeEvent(Topics.pickupsPickup.name, null, encoded.headers, known)).reason).toBe(
      'missing-value',
    );
    const error = reasonOf(() =>
      decodeEvent(Topics.pickupsPickup.name, Buffer.from('{"returnId": '), encoded.headers, known),
    );
    expect(error.reason).toBe('malformed-json');
    expect(error.message).toMatch(/is not valid JSON: /);
  });

  it('refuses a type that is not an event of the topic and lists what it handles', () => {
    const error = reasonOf(() => decodeEncoded(Topics.returnsReturn.name, envelope(validData)));
    expect(error).toMatchObject({
      reason: 'unknown-type',
      message: 'ce_type "ParcelWeighed" is not an event this consumer handles on returns.return.v1 (handles: none)',
    });
  });

  it('names every invalid field with its path', () => {
    const error = reasonOf(() =>
      decodeEncoded(
        Topics.pickupsPickup.name,
        envelope({
          returnId: 'r-1',
          lines: [
            { sku: 'SKU-1', quantity: 1 },
            { sku: 7, quantity: 0 },
          ],
        }),
      ),
    );
    expect(error.reason).toBe('invalid-payload');
    expect(error.violations).toEqual([
      'lines[1].quantity: must be an integer ≥ 1',
      'lines[1].sku: must be a string',
      'returnId: must be a UUID',
    ]);
  });

  it('refuses a payload that is not a JSON object', () => {
    const error = reasonOf(() => decodeEncoded(Topics.pickupsPickup.name, envelope([1, 2])));
    expect(error).toMatchObject({ reason: 'invalid-payload', message: 'ParcelWeighed payload must be a JSON object' });
  });
});
