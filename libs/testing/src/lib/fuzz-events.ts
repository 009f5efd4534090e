/**
 * The fuzz suite's Kafka edge: on every topic a service consumes, hostile messages for each event
 * type it handles there — the payload made hostile field by field (see `hostileInputs`), a CloudEvents
 * header missing or malformed, or a value that is empty, cut short, not UTF-8 or nested thousands
 * deep. Each must reach the service's dead-letter topic saying why (a hostile payload field named in
 * the reason); none may be applied, so what the service stored is unchanged (the caller checks that).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { encodeEvent, EventHeaders, type EventClass } from '@rebound/contracts';
import type { FuzzReport } from './fuzz-rest';
import { hostileInputs, hostileJson, namesField, sampleOfSeed } from './hostile-input';
import { produce } from './kafka';
import { TestConsumer, type SeenMessage } from './test-consumer';

/** One event type a service handles on a topic, with a payload it would apply. */
export interface HandledEvent {
  /** The physical topic (namespaced in tests). */
  readonly topic: string;
  readonly eventClass: EventClass;
  readonly data: object;
  readonly subject: string;
}

export interface EventFuzz {
  readonly events: readonly HandledEvent[];
  /** The physical dead-letter topic of the service. */
  readonly deadLetterTopic: string;
  /** Hostile messages per topic, shared among the event types handled there. */
  readonly perTopic: number;
  readonly seed: number;
  readonly timeoutMs?: number;
}

interface HostileMessage {
  readonly description: string;
  /** The payload field the dead letter's reason must name; undefined when the envelope is what is wrong. */
  readonly field?: string;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

const REQUIRED_HEADERS = [
  EventHeaders.id,
  EventHeaders.type,
  EventHeaders.source,
  EventHeaders.subject,
  EventHeaders.time,
  EventHeaders.specversion,
];

/** Each required header with values of the right shape for another header but wrong for it. */
const MALFORMED_HEADERS: readonly (readonly [string, readonly string[]])[] = [
  [EventHeaders.id, ['not-a-uuid', '123']],
  [EventHeaders.type, []],
  [EventHeaders.source, []],
  [EventHeaders.subject, []],
  [EventHeaders.time, ['yesterday', '2026-13-45T25:61:00Z', '2026-12-01 10:00']],
  [EventHeaders.specversion, ['0.3', '2.0']],
];

export async function fuzzEvents(fuzz: EventFuzz): Promise<FuzzReport> {
  const byTopic = new Map<string, HandledEvent[]>();
  for (const event of fuzz.events) byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), event]);

  const sent = new Map<string, { topic: string; message: HostileMessage }>();
  const tried: Record<string, number> = {};
  const deadLetters = await TestConsumer.start([fuzz.deadLetterTopic]);
  try {
    for (const [topic, events] of byTopic) {
      const perEvent = Math.ceil(fuzz.perTopic / events.length);
      const messages = events.flatMap((event) => sampleOfSeed(hostileMessages(event), perEvent, fuzz.seed));
      const keyed = messages.map((message) => ({ key: `fuzz-${randomUUID()}`, message }));
      for (const { key, message } of keyed) sent.set(key, { topic, message });
      // A few at a time: a batch of tens of 100 kB values is more than a broker takes in one request.
      for (let start = 0; start < keyed.length; start += 8) {
        await produce(
          topic,
          keyed
            .slice(start, start + 8)
            .map(({ key, message }) => ({ key, value: message.value, headers: message.headers })),
        );
      }
      tried[topic] = messages.length;
    }
    const arrived = await deadLetters
      .waitFor(
        `${sent.size} dead letters`,
        (seen) => new Set(seen.map((message) => message.key)).size >= sent.size,
        fuzz.timeoutMs ?? 180_000,
      )
      .catch(() => deadLetters.messages);
    return { tried, failures: judge(sent, arrived) };
  } finally {
    await deadLetters.stop();
  }
}

function judge(
  sent: ReadonlyMap<string, { topic: string; message: HostileMessage }>,
  arrived: readonly SeenMessage[],
): string[] {
  const failures: string[] = [];
  const byKey = new Map(arrived.map((message) => [message.key, message]));
  for (const [key, { topic, message }] of sent) {
    const deadLetter = byKey.get(key);
    const where = `${topic} ${message.description}`;
    if (!deadLetter) {
      failures.push(`${where}: never dead-lettered`);
      continue;
    }
    const reason = deadLetter.headers['dlt-error-message'] ?? '';
    if (reason.trim() === '') failures.push(`${where}: dead-lettered without a reason`);
    else if (message.field !== undefined && !namesField(fieldsIn(reason), message.field)) {
      failures.push(
        `${where}: dead-lettered for "${reason.slice(0, 200)}", not naming ${message.field || 'the payload'}`,
      );
    }
  }
  return failures;
}

/** The fields an invalid-payload reason lists: `… payload is invalid: lines[0].sku: message; …`. */
function fieldsIn(reason: string): string[] {
  if (/payload must be a JSON object/.test(reason)) return [''];
  const listed = reason.split(' payload is invalid: ')[1] ?? '';
  return listed.split('; ').map((entry) => entry.slice(0, Math.max(0, entry.indexOf(': '))));
}

function hostileMessages(event: HandledEvent): fc.Arbitrary<HostileMessage> {
  const encoded = encodeEvent({
    id: randomUUID(),
    type: event.eventClass.eventType,
    source: '/rebound/fuzz',
    subject: event.subject,
    time: new Date(),
    data: event.data,
  });
  const headers = encoded.headers as Record<string, string>;
  const label = event.eventClass.eventType;
  // A fresh event id each, so no message is taken for a redelivery of another.
  const fresh = (): Record<string, string> => ({ ...headers, [EventHeaders.id]: randomUUID() });
  const payload = hostileInputs(event.data).map((input) => ({
    description: `${label} ${input.description}`,
    field: input.field,
    value: Buffer.from(hostileJson(input)),
    headers: fresh(),
  }));
  const valid = encoded.value;
  const envelope = fc.oneof(
    fc.constantFrom(...REQUIRED_HEADERS).map((name) => {
      const { [name]: _dropped, ...rest } = fresh();
      return { description: `${label} without header ${name}`, value: valid, headers: rest };
    }),
    fc
      .tuple(
        fc.constantFrom(...MALFORMED_HEADERS),
        fc.constantFrom('not\u0000valid', 'x'.repeat(300), ' ', '1.0\u001b'),
      )
      .chain(([[name, specific], generic]) =>
        fc.constantFrom(generic, ...specific).map((text) => ({
          description: `${label} with header ${name}=${JSON.stringify(text.slice(0, 20))}`,
          value: valid,
          headers: { ...fresh(), [name]: text },
        })),
      ),
    fc.constantFrom('text/plain', 'application/xml').map((contentType) => ({
      description: `${label} as ${contentType}`,
      value: valid,
      headers: { ...fresh(), [EventHeaders.contentType]: contentType },
    })),
    fc.constantFrom<Buffer | null>(null, Buffer.alloc(0)).map((value) => ({
      description: `${label} with ${value === null ? 'no' : 'an empty'} value`,
      value,
      headers: fresh(),
    })),
    fc.integer({ min: 1, max: Math.max(1, valid.length - 1) }).map((cut) => ({
      description: `${label} cut short after ${cut} bytes`,
      value: valid.subarray(0, cut),
      headers: fresh(),
    })),
    fc.nat({ max: valid.length }).map((at) => ({
      description: `${label} with the byte 0xff at ${at} (not UTF-8)`,
      value: Buffer.concat([valid.subarray(0, at), Buffer.from([0xff]), valid.subarray(at)]),
      headers: fresh(),
    })),
  );
  return fc.oneof({ arbitrary: payload, weight: 3 }, { arbitrary: envelope, weight: 1 });
}
