/**
 * Hostile versions of a valid JSON document, generated with fast-check: one field at a time (at any
 * depth, the document itself included) is replaced by what an attacker or a broken client sends —
 * a value of the wrong JSON type, a string with control characters, a string tens of thousands of
 * characters long, a number beyond any bound or beyond what JSON numbers hold exactly, nesting far
 * deeper than any document, or an object gaining a key named like a prototype member. Every variant
 * is invalid whatever the field, so an edge must refuse each one and name the field it refused.
 *
 * A variant is serialised with `hostileJson`: some of it (`1e999`, `9007199254740993`, nesting
 * thousands deep) can only be written as JSON text, never built as a JavaScript value.
 */
import fc from 'fast-check';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents are walked field by field
type Json = any;

export interface HostileInput {
  /** `lines[0].sku: control character U+0000`: what was done, and where. */
  readonly description: string;
  /** The field replaced, as validation names it (`lines[0].sku`); empty for the document itself. */
  readonly field: string;
  readonly document: unknown;
}

/** JSON text standing for itself in a document (see `hostileJson`). */
class RawJson {
  constructor(readonly text: string) {}
}

const RAW_MARK = '\u0001raw:';

/** The document as JSON text, with the raw pieces written out as they are. */
export function hostileJson(input: HostileInput): string {
  const raws: string[] = [];
  const text = JSON.stringify(input.document, (_key, value) => {
    if (!(value instanceof RawJson)) return value;
    raws.push(value.text);
    return `${RAW_MARK}${raws.length - 1}`;
  });
  return text.replace(/"\\u0001raw:(\d+)"/g, (_match, index: string) => raws[Number(index)]);
}

/** Control characters Rebound refuses in text: every C0 control but tab, line feed and return, and DEL. */
const CONTROL_CHARACTERS = [
  ...Array.from({ length: 0x20 }, (_, code) => code).filter((code) => ![0x09, 0x0a, 0x0d].includes(code)),
  0x7f,
].map((code) => String.fromCharCode(code));

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Beyond every bound Rebound sets, or beyond what a double holds exactly. */
const EXTREME_NUMBERS = [
  '9007199254740993',
  '-9007199254740993',
  '1e21',
  '-1e21',
  '1.7976931348623157e308',
  '1e999',
  '-1e999',
];

function kindOf(value: unknown): 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'string' | 'number' | 'boolean' | 'object';
}

/** A value of another JSON type than `value`'s, the near misses (`"1"` for 1, `"true"`) included. */
function wrongType(value: unknown): fc.Arbitrary<{ description: string; value: unknown }> {
  const candidates: Record<string, unknown[]> = {
    string: ['text', ''],
    number: [7, 0.5],
    boolean: [true],
    array: [[], ['text']],
    object: [{}, { field: 'text' }],
  };
  const own = kindOf(value);
  const near = own === 'number' ? [String(value)] : own === 'boolean' ? [String(value)] : [];
  const others = Object.entries(candidates)
    .filter(([kind]) => kind !== own)
    .flatMap(([, values]) => values);
  return fc
    .constantFrom(...near, ...others)
    .map((replacement) => ({ description: `wrong type ${JSON.stringify(replacement)}`, value: replacement }));
}

function withControlCharacter(text: string): fc.Arbitrary<{ description: string; value: unknown }> {
  // Inserted between code points, never inside a surrogate pair.
  const codePoints = Array.from(text);
  return fc
    .tuple(fc.constantFrom(...CONTROL_CHARACTERS), fc.nat({ max: codePoints.length }))
    .map(([character, at]) => ({
      description: `control character U+${character.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`,
      value: [...codePoints.slice(0, at), character, ...codePoints.slice(at)].join(''),
    }));
}

function tooLong(text: string): fc.Arbitrary<{ description: string; value: unknown }> {
  return fc.tuple(fc.integer({ min: 5_000, max: 50_000 }), fc.constantFrom('x', 'é', '0')).map(([length, filler]) => ({
    description: `${length} characters long`,
    value: `${text}${filler.repeat(length)}`,
  }));
}

function extremeNumber(): fc.Arbitrary<{ description: string; value: unknown }> {
  return fc
    .constantFrom(...EXTREME_NUMBERS)
    .map((text) => ({ description: `number ${text}`, value: new RawJson(text) }));
}

function deeplyNested(): fc.Arbitrary<{ description: string; value: unknown }> {
  return fc.tuple(fc.integer({ min: 40, max: 5_000 }), fc.boolean()).map(([depth, arrays]) => ({
    description: `nested ${depth} ${arrays ? 'arrays' : 'objects'} deep`,
    value: new RawJson(
      arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    ),
  }));
}

function withPrototypeKey(value: object): fc.Arbitrary<{ description: string; value: unknown; key: string }> {
  return fc
    .tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom<unknown>({}, { isAdmin: true }, 'text', 1))
    .map(([key, inner]) => {
      const copy = structuredClone(value) as Record<string, unknown>;
      // An own property, as JSON.parse makes one; assigning `__proto__` would set the prototype instead.
      Object.defineProperty(copy, key, { value: inner, enumerable: true, writable: true, configurable: true });
      return { description: `key "${key}"`, value: copy, key };
    });
}

interface FieldAt {
  readonly field: string;
  readonly steps: readonly (string | number)[];
  readonly value: unknown;
}

/** Every value in the document with its path, the document itself first. */
function fieldsOf(document: unknown, field = '', steps: (string | number)[] = []): FieldAt[] {
  const here: FieldAt = { field, steps, value: document };
  if (Array.isArray(document)) {
    return [here, ...document.flatMap((item, index) => fieldsOf(item, `${field}[${index}]`, [...steps, index]))];
  }
  if (document !== null && typeof document === 'object') {
    return [
      here,
      ...Object.entries(document).flatMap(([key, item]) =>
        fieldsOf(item, field ? `${field}.${key}` : key, [...steps, key]),
      ),
    ];
  }
  return [here];
}

function replaced(document: unknown, steps: readonly (string | number)[], value: unknown): unknown {
  if (steps.length === 0) return value;
  const copy = structuredClone(document) as Json;
  const holder = steps.slice(0, -1).reduce((node: Json, step) => node[step], copy);
  holder[steps[steps.length - 1]] = value;
  return copy;
}

/** The ways above a field can be made hostile. */
export type HostileWay =
  'wrong-type' | 'deep-nesting' | 'control-character' | 'too-long' | 'extreme-number' | 'prototype-key';

const EVERY_WAY: readonly HostileWay[] = [
  'wrong-type',
  'deep-nesting',
  'control-character',
  'too-long',
  'extreme-number',
  'prototype-key',
];

type Way = fc.Arbitrary<{ description: string; value: unknown; key?: string }>;

/** Those of `allowed` that fit the value. */
function waysFor(value: unknown, allowed: readonly HostileWay[]): Way[] {
  const fitting: Partial<Record<HostileWay, () => Way>> = {
    'wrong-type': () => wrongType(value),
    'deep-nesting': deeplyNested,
    ...(typeof value === 'string' && {
      'control-character': () => withControlCharacter(value),
      'too-long': () => tooLong(value),
    }),
    ...(typeof value === 'number' && { 'extreme-number': extremeNumber }),
    ...(kindOf(value) === 'object' && { 'prototype-key': () => withPrototypeKey(value as object) }),
  };
  return allowed.flatMap((way) => fitting[way]?.() ?? []);
}

/** One field of `document` made hostile in one of the `allowed` ways that fit its value. */
export function hostileInputs(
  document: unknown,
  allowed: readonly HostileWay[] = EVERY_WAY,
): fc.Arbitrary<HostileInput> {
  const fields = fieldsOf(document).filter((at) => waysFor(at.value, allowed).length > 0);
  return fc.constantFrom(...fields).chain((at) =>
    fc.oneof(...waysFor(at.value, allowed)).map((way) => ({
      description: `${at.field || 'the document'}: ${way.description}`,
      field: way.key === undefined ? at.field : at.field ? `${at.field}.${way.key}` : way.key,
      document: replaced(document, at.steps, way.value),
    })),
  );
}

/**
 * Hostile text for a path segment or a query value, never a valid id, number or cursor: any text
 * with a control character in it, or thousands of characters long.
 */
export function hostileTexts(): fc.Arbitrary<string> {
  const text = fc.string({ unit: 'grapheme', maxLength: 30 });
  return fc.oneof(
    text.chain((around) => withControlCharacter(around)).map((way) => way.value as string),
    fc.tuple(text, fc.integer({ min: 5_000, max: 8_000 })).map(([around, length]) => `${around}${'x'.repeat(length)}`),
  );
}

/** `count` values of `arbitrary`, the same ones for the same seed (printed, so a failure can be replayed). */
export function sampleOfSeed<T>(arbitrary: fc.Arbitrary<T>, count: number, seed: number): T[] {
  return fc.sample(arbitrary, { numRuns: count, seed });
}

/** The seed a fuzz run uses: FUZZ_SEED when set (to replay a failure), else a fresh one. */
export function fuzzSeed(): number {
  const given = process.env['FUZZ_SEED'];
  return given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
}

/**
 * Whether a refusal names the hostile field: the field itself, a field that holds it (validation
 * stops at the first bad level) or one inside it (a key added to an object).
 */
export function namesField(refusedFields: readonly string[], field: string): boolean {
  if (field === '') return refusedFields.length > 0;
  return refusedFields.some(
    (refused) =>
      refused === field ||
      (refused !== '' && (field.startsWith(`${refused}.`) || field.startsWith(`${refused}[`))) ||
      refused.startsWith(`${field}.`) ||
      refused.startsWith(`${field}[`),
  );
}
