import { randomUUID } from 'node:crypto';
import { Type } from 'class-transformer';
import { IsInt, Min, ValidateNested } from 'class-validator';
import fc from 'fast-check';
import { JsonSchema, PayloadSchemas } from '../asyncapi/payload-schemas';
import { EventClass, EventPayload, toCheckedPayload, toPublishedPayload, toValidPayload } from '../event-payload';
import { CataloguedEvents } from '../events/catalogued-events';
import { ReturnApproved } from '../events/returns/return-approved.event';
import { InvalidEventError } from '../invalid-event.error';

/*
 * The compiled validators must accept and refuse exactly what class-validator does, for every
 * catalogued event, as consumers and as the outbox use them: valid payloads built from each event's schema (one per value of each closed
 * field, so every conditional rule is met both ways), then every field of each made wrong in the
 * ways producers get fields wrong, and fast-check's arbitrary JSON in every field.
 */

const REF = '#/definitions/';
const schemas = new PayloadSchemas(REF);
for (const eventClass of CataloguedEvents) schemas.refTo(eventClass);
const definitions = schemas.all();

/** A string each `@Matches` pattern of the contracts accepts; a new pattern needs one here. */
const PATTERN_EXAMPLES: Readonly<Record<string, string>> = {
  '^[A-Z]{3}$': 'EUR',
  '^[A-Z]{2}$': 'DE',
  '^[A-Z]{2}(-[A-Z0-9]{1,3})?$': 'US-CA',
  '^[a-z0-9][a-z0-9_-]{0,63}$': 'footwear',
  '^[A-Z][A-Z0-9_]{0,15}$': 'B',
  '^([01]\\d|2[0-3]):[0-5]\\d$': '08:00',
  '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$': '24:00',
  '^[A-Za-z0-9 -]{1,10}$': '101',
  '^[a-z0-9][a-z0-9-]{0,62}$': 'acme-logistics',
};

type Json = unknown;
type Choices = ReadonlyMap<string, unknown>;

function resolve(schema: JsonSchema): JsonSchema {
  const ref = schema['$ref'] as string | undefined;
  return ref === undefined ? schema : definitions[ref.slice(REF.length)];
}

/** The rules of a property, wherever its object states them (an `unchecked` condition's `then`). */
function rulesOf(object: JsonSchema, name: string): JsonSchema {
  const own = (object['properties'] as Record<string, JsonSchema>)[name];
  if (Object.keys(own).some((keyword) => keyword !== 'description')) return own;
  const conditions = (object['allOf'] as JsonSchema[] | undefined) ?? [];
  const stated = conditions.map(
    (condition) => ((condition['then'] as JsonSchema)['properties'] as Record<string, JsonSchema> | undefined)?.[name],
  );
  return stated.find((rules) => rules !== undefined) ?? own;
}

/** A valid value of the schema, every optional field given; `choices` pick the value of closed fields by name. */
function sampleOf(input: JsonSchema, choices: Choices, name = ''): Json {
  const schema = resolve(input);
  if (schema['anyOf']) return sampleOf((schema['anyOf'] as JsonSchema[])[0], choices, name);
  if (schema['const'] !== undefined) return schema['const'];
  if (schema['enum']) return choices.has(name) ? choices.get(name) : (schema['enum'] as unknown[])[0];
  switch (schema['type']) {
    case 'object': {
      // A map of names to values (`@IsNameValueMap`): one entry.
      if (schema['properties'] === undefined)
        return { name: sampleOf(schema['additionalProperties'] as JsonSchema, choices) };
      const properties = Object.keys(schema['properties'] as object);
      return Object.fromEntries(
        properties.map((property) => [property, sampleOf(rulesOf(schema, property), choices, property)]),
      );
    }
    case 'array': {
      const items = schema['items'] as JsonSchema;
      const count = Math.max(1, (schema['minItems'] as number | undefined) ?? 1);
      if (schema['uniqueItems']) return (resolve(items)['enum'] as unknown[]).slice(0, count);
      return Array.from({ length: count }, () => sampleOf(items, choices, name));
    }
    case 'integer':
    case 'number':
      return (schema['minimum'] as number | undefined) ?? 0;
    case 'boolean':
      return true;
    case 'string': {
      if (schema['format'] === 'uuid') return randomUUID();
      if (schema['format'] === 'date-time') return '2026-11-26T10:00:00.000Z';
      const pattern = schema['pattern'] as string | undefined;
      if (pattern !== undefined) {
        const example = PATTERN_EXAMPLES[pattern];
        if (example === undefined) throw new Error(`no example for the pattern ${pattern} in PATTERN_EXAMPLES`);
        return example;
      }
      return 'x'.repeat(Math.max(1, (schema['minLength'] as number | undefined) ?? 1));
    }
    default:
      throw new Error(`cannot sample ${JSON.stringify(schema)}`);
  }
}

/** The closed top-level fields of an event, each value of each: conditions are met and not met. */
function choicesOf(eventClass: EventClass): Choices[] {
  const object = definitions[eventClass.name];
  const closed = Object.keys(object['properties'] as object).flatMap((property) => {
    const values = resolve(rulesOf(object, property))['enum'] as unknown[] | undefined;
    return values ? values.map((value) => new Map([[property, value]])) : [];
  });
  return [new Map(), ...closed];
}

/** Every path of a document to a field or array item, the document itself included. */
function pathsOf(value: Json, path: readonly (string | number)[] = []): (readonly (string | number)[])[] {
  if (value === null || typeof value !== 'object') return [path];
  const children = Array.isArray(value)
    ? value.flatMap((item, index) => pathsOf(item, [...path, index]))
    : Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...path, key]));
  return [path, ...children];
}

const REMOVE = Symbol('remove');

function replaced(document: Json, path: readonly (string | number)[], value: unknown): Json {
  if (path.length === 0) return value;
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let holder = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === REMOVE) delete holder[last];
  else holder[last] = value;
  return copy;
}

const uuid = '0b8f5a4e-3c1d-4e2f-9a6b-7c8d9e0f1a2b';
const longText = (length: number) => 'x'.repeat(length);

/** What producers get wrong about a field, whatever its type, and some things they may do right. */
function mutationsOf(value: Json): unknown[] {
  const common: unknown[] = [REMOVE, null, 7, 0.5, -1, '7', true, 'true', [], [value], {}, { extra: 1 }, ''];
  if (typeof value === 'string') {
    return [
      ...common,
      ' ',
      value.toLowerCase(),
      value.toUpperCase(),
      `${value}\u0000`,
      `${value}\ufe0f`,
      `${value}😀`,
      longText(64),
      longText(65),
      `${longText(63)}\u00e9\ufe0f`,
      `${longText(64)}\ufe0f`,
      `${longText(64)}😀`,
      longText(2000),
      longText(2001),
      uuid,
      uuid.toUpperCase(),
      `urn:uuid:${uuid}`,
      '0b8f5a4e-3c1d-0e2f-9a6b-7c8d9e0f1a2b',
      '0b8f5a4e-3c1d-4e2f-1a6b-7c8d9e0f1a2b',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '2026-11-26T10:00:00Z',
      '2026-11-26T10:00Z',
      '2026-11-26T10:00:00',
      '2026-11-26T10:00:00+0100',
      '2026-11-26T10:00:00+01',
      '2026-11-26t10:00:00z',
      '2026-11-26 10:00:00Z',
      '2026-02-30T10:00:00Z',
      '2026-11-26T23:59:60Z',
      '2026-11-26T24:00:00Z',
      '2026-W48-4T10:00:00Z',
      '20261126T100000Z',
      '2026-11-26T10:00:00,5Z',
      '2026-11-26',
      'EUR',
      'eur',
      'DE-BER',
      '08:00',
      '24:00',
      '25:00',
    ];
  }
  if (typeof value === 'number') {
    return [...common, 0, 1, 2, 10, 90, 91, 1.5, 1e21, 2_147_483_647, 2_147_483_648, 10_000_000_000, 10_000_000_001];
  }
  if (Array.isArray(value)) {
    return [
      ...common,
      value[0],
      [...value, ...value],
      [null],
      [7],
      [[]],
      [value[0], 'text'],
      Object.fromEntries(value.entries()),
    ];
  }
  if (value !== null && typeof value === 'object') {
    return [...common, { ...value, unknownField: 'dropped' }, { ...value, nested: { deeper: [1, { x: 'y' }] } }];
  }
  return common;
}

type Outcome = { accepted: true; payload: Json } | { accepted: false; violations: readonly string[] };

function outcomeOf(
  check: (eventClass: EventClass, data: unknown) => object,
  eventClass: EventClass,
  json: string,
): Outcome {
  try {
    // Each validator parses the JSON itself, as it would arrive: one drops fields in place.
    return { accepted: true, payload: JSON.parse(JSON.stringify(check(eventClass, JSON.parse(json)))) };
  } catch (error) {
    if (error instanceof InvalidEventError) return { accepted: false, violations: error.violations };
    throw error;
  }
}

/** Consumed (`toCheckedPayload`) and published (`toPublishedPayload`), as class-validator would have it. */
function expectSameVerdict(eventClass: EventClass, json: string): Outcome {
  const checked = outcomeOf(toCheckedPayload, eventClass, json);
  const validated = outcomeOf(toValidPayload, eventClass, json);
  expect(outcomeOf((of, data) => toPublishedPayload(of, data as EventPayload), eventClass, json)).toEqual(checked);
  if (checked.accepted !== validated.accepted) {
    throw new Error(
      `${eventClass.eventType}: the compiled validator ${checked.accepted ? 'accepts' : 'refuses'} what class-validator ` +
        `${validated.accepted ? 'accepts' : 'refuses'}: ${json.slice(0, 600)}`,
    );
  }
  expect(checked).toEqual(validated);
  return checked;
}

describe('compiled payload validators', () => {
  it.each(CataloguedEvents.map((eventClass) => [eventClass.eventType, eventClass] as const))(
    'accept and refuse exactly what class-validator does for %s, field by field',
    (_type, eventClass) => {
      const root = definitions[eventClass.name];
      let accepted = 0;
      let refused = 0;
      for (const choices of choicesOf(eventClass)) {
        const sample = sampleOf(root, choices);
        expect(expectSameVerdict(eventClass, JSON.stringify(sample)).accepted).toBe(true);
        // A closed field's other values change what is required of the top-level fields only.
        const paths = choices.size === 0 ? pathsOf(sample) : pathsOf(sample).filter((path) => path.length === 1);
        for (const path of paths) {
          const current = path.reduce<Json>((at, key) => (at as Record<string | number, Json>)[key], sample);
          for (const mutation of mutationsOf(current).filter((mutation) => path.length > 0 || mutation !== REMOVE)) {
            const outcome = expectSameVerdict(eventClass, JSON.stringify(replaced(sample, path, mutation)));
            if (outcome.accepted) accepted += 1;
            else refused += 1;
          }
        }
      }
      // Both verdicts were met many times, so the comparison was not one-sided.
      expect(accepted).toBeGreaterThan(10);
      expect(refused).toBeGreaterThan(10);
    },
  );

  it.each(CataloguedEvents.map((eventClass) => [eventClass.eventType, eventClass] as const))(
    'agree with class-validator on arbitrary JSON in any field of %s',
    (_type, eventClass) => {
      const sample = sampleOf(definitions[eventClass.name], new Map());
      const paths = pathsOf(sample);
      fc.assert(
        fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
          expectSameVerdict(eventClass, JSON.stringify(replaced(sample, path, value)));
        }),
        { seed: 23, numRuns: 100 },
      );
    },
  );

  it('refuse hostile documents as class-validator does: prototype keys, control characters, deep nesting', () => {
    const sample = sampleOf(definitions[ReturnApproved.name], new Map()) as Record<string, unknown>;
    const body = JSON.stringify(sample).slice(1, -1);
    let deep = '1';
    for (let depth = 0; depth < 40; depth += 1) deep = `[${deep}]`;
    for (const json of [
      `{${body},"__proto__":{"x":1}}`,
      `{${body},"extra":{"constructor":1}}`,
      `{${body},"extra":"bell\\u0007"}`,
      `{${body},"extra":${deep}}`,
    ]) {
      expect(expectSameVerdict(ReturnApproved, json).accepted).toBe(false);
    }
  });

  it('hand over the same fields and values as the class instance, without the undeclared ones', () => {
    const sample = sampleOf(definitions[ReturnApproved.name], new Map()) as Record<string, unknown>;
    const withExtras = { ...sample, addedLater: 'x', fees: { ...(sample['fees'] as object), note: 'y' } };
    const checked = toCheckedPayload(ReturnApproved, structuredClone(withExtras));
    expect(checked).toEqual(sample);
    expect(checked).toEqual(JSON.parse(JSON.stringify(toValidPayload(ReturnApproved, structuredClone(withExtras)))));
    expect(typeof checked.approvedAt).toBe('string');
  });

  it('explain a refusal field by field, as class-validator does', () => {
    const sample = sampleOf(definitions[ReturnApproved.name], new Map()) as Record<string, unknown>;
    const broken = { ...sample, returnId: 'not-a-uuid', lines: [{ ...(sample['lines'] as object[])[0], quantity: 0 }] };
    expect(() => toCheckedPayload(ReturnApproved, broken)).toThrow(
      new InvalidEventError(
        'invalid-payload',
        'ReturnApproved payload is invalid: lines[0].quantity: must be an integer from 1 to 1000; returnId: must be a UUID',
      ),
    );
  });

  it('keep apart event classes of the same name, as tests that build one per topic have them', () => {
    const entryRecordedOn = (topic: string, least: number) => {
      class EntryRecorded extends EventPayload {
        static readonly eventType = 'EntryRecorded';
        static readonly topic = {
          name: topic,
          producer: 'tests',
          description: '',
          key: '',
          cleanupPolicy: 'delete',
        } as const;
        @IsInt() @Min(least) seq!: number;
      }
      return EntryRecorded;
    };
    const lenient = entryRecordedOn('tests.first.v1', 1);
    const strict = entryRecordedOn('tests.second.v1', 5);
    expect(toCheckedPayload(lenient, { seq: 2 })).toEqual({ seq: 2 });
    expect(() => toCheckedPayload(strict, { seq: 2 })).toThrow(
      'EntryRecorded payload is invalid: seq: must be an integer ≥ 5',
    );
  });

  it("explain in the schema's own words a refusal class-validator would not make", () => {
    // Without @IsArray, class-validator takes one object for a list of them; the schema does not.
    class Line {
      @IsInt() @Min(1) quantity!: number;
    }
    class Shipped extends EventPayload {
      static readonly eventType = 'Shipped';
      static readonly topic = {
        name: 'tests.shipped.v1',
        producer: 'tests',
        description: '',
        key: '',
        cleanupPolicy: 'delete',
      } as const;
      @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
    }
    expect(toValidPayload(Shipped, { lines: { quantity: 1 } })).toEqual({ lines: { quantity: 1 } });
    expect(() => toCheckedPayload(Shipped, { lines: { quantity: 1 } })).toThrow(
      'Shipped payload is invalid: lines: must be array',
    );
  });
});
