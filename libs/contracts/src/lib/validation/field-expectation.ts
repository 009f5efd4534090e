/**
 * What a declared field must be, in one sentence read off its class-validator decorators:
 * `@IsInt() @Min(1)` reads "must be an integer ≥ 1", `@IsString() @Length(1, 64)` reads "must be a
 * string of 1–64 characters". A field that breaks several of its rules gets this one sentence, not
 * one line per broken rule, and a caller learns the whole rule at once.
 */
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** What the describer reads of a decorator's class-validator metadata. */
type Metadata = Pick<ValidationMetadata, 'type' | 'name' | 'constraints' | 'each' | 'message' | 'constraintCls'>;

/** Metadata that says nothing about the value's shape: optionality, nesting, the whitelist. */
const STRUCTURAL_TYPES = new Set(['conditionalValidation', 'nestedValidation', 'whitelistValidation', 'isDefined']);

const patternPhrases = new WeakMap<RegExp, string>();

/**
 * Names what a `@Matches` pattern accepts, for people: `describePattern(/^[A-Z]{3}$/, 'an ISO 4217
 * currency code such as EUR')`. Returns the pattern, so a constant can be declared and described at once.
 */
export function describePattern(pattern: RegExp, phrase: string): RegExp {
  patternPhrases.set(pattern, phrase);
  return pattern;
}

/** Decorators described by `nounOf`/`describe` themselves; any other says what it wants in its message. */
const lengthNames = ['isLength', 'minLength', 'maxLength'];
const KNOWN = new Set([
  'isIn',
  'equals',
  'notEquals',
  'isUuid',
  'isIso8601',
  'isUrl',
  'matches',
  'isInt',
  'isNumber',
  'isBoolean',
  'isString',
  'isNotEmpty',
  'isArray',
  'isObject',
  'min',
  'max',
  'arrayMinSize',
  'arrayMaxSize',
  'arrayUnique',
  ...lengthNames,
]);

interface Span {
  min?: number;
  max?: number;
}

/** "must be …" for a field with these decorators; `undefined` when they describe no shape at all. */
export function fieldExpectation(metadatas: readonly Metadata[]): string | undefined {
  const shaping = metadatas.filter((metadata) => !STRUCTURAL_TYPES.has(metadata.type));
  const nested = metadatas.some((metadata) => metadata.type === 'nestedValidation' && !metadata.each);
  const own = describe(
    shaping.filter((metadata) => !metadata.each),
    nested ? 'an object' : undefined,
  );
  const items = describe(shaping.filter((metadata) => metadata.each));
  if (own === undefined && items === undefined) return undefined;
  if (items === undefined) return `must be ${own}`;
  return `must be ${own ?? 'an array'}, each ${items}`;
}

function describe(metadatas: readonly Metadata[], fallbackNoun?: string): string | undefined {
  if (metadatas.length === 0) return fallbackNoun;
  const named = new Map(metadatas.map((metadata) => [metadata.name ?? metadata.type, metadata]));
  const constraint = (name: string, index = 0): unknown => named.get(name)?.constraints?.[index];
  const noun = nounOf(metadatas, named) ?? fallbackNoun ?? 'valid';
  const qualifiers: string[] = [];

  const range = span(constraint('min') as number | undefined, constraint('max') as number | undefined);
  if (range) qualifiers.push(numericRange(range));
  if (named.has('notEquals')) qualifiers.push(`other than ${JSON.stringify(constraint('notEquals'))}`);

  const characters = lengthSpan(named, constraint);
  let subject = noun;
  if (characters) {
    if (characters.min === 1 && characters.max === undefined && noun === 'a string') subject = 'a non-empty string';
    else qualifiers.push(`of ${countRange(characters, 'character')}`);
  }

  const size = span(constraint('arrayMinSize') as number | undefined, constraint('arrayMaxSize') as number | undefined);
  if (size) qualifiers.push(`with ${countRange(size, 'item')}`);
  if (named.has('arrayUnique')) qualifiers.push('without duplicates');

  return [subject, qualifiers.join(', ')].filter(Boolean).join(' ');
}

/** The most specific thing the value must be; a closed list says more than "a string". */
function nounOf(metadatas: readonly Metadata[], named: ReadonlyMap<string, Metadata>): string | undefined {
  const constraint = (name: string) => named.get(name)?.constraints?.[0];
  if (named.has('isIn')) return `one of: ${(constraint('isIn') as unknown[]).map(String).join(', ')}`;
  if (named.has('equals')) return JSON.stringify(constraint('equals'));
  if (named.has('isUuid')) return 'a UUID';
  if (named.has('isIso8601')) return 'an ISO-8601 date-time';
  if (named.has('isUrl')) {
    const protocols = (constraint('isUrl') as { protocols?: string[] } | undefined)?.protocols ?? ['http', 'https'];
    return `a URL (${protocols.join(' or ')})`;
  }
  const matches = named.get('matches');
  if (matches) {
    const pattern = constraint('matches') as RegExp;
    return phraseOf(matches) ?? patternPhrases.get(pattern) ?? `a string matching ${String(pattern)}`;
  }
  for (const metadata of metadatas) {
    if (metadata.type !== 'customValidation' || KNOWN.has(metadata.name ?? '')) continue;
    const phrase = phraseOf(metadata);
    if (phrase) return phrase;
  }
  if (named.has('isInt')) return 'an integer';
  if (named.has('isNumber')) return 'a number';
  if (named.has('isBoolean')) return 'true or false';
  if (named.has('isString') || named.has('isNotEmpty') || lengthNames.some((name) => named.has(name)))
    return 'a string';
  if (named.has('isArray') || named.has('arrayMinSize') || named.has('arrayMaxSize')) return 'an array';
  if (named.has('isObject')) return 'an object';
  return undefined;
}

/**
 * The noun phrase of a decorator's own message, written the way class-validator writes them
 * ("$property must be an ISO-8601 timestamp …" gives "an ISO-8601 timestamp …").
 */
function phraseOf(metadata: Metadata): string | undefined {
  const message =
    typeof metadata.message === 'string'
      ? metadata.message
      : (() => {
          if (!metadata.constraintCls) return undefined;
          const constraint = new (metadata.constraintCls as new () => { defaultMessage?: (args: unknown) => string })();
          return constraint.defaultMessage?.({ constraints: metadata.constraints ?? [], property: '$property' });
        })();
  const phrase = message?.replace(/^(each value in )?\$property must be /, '');
  return phrase && phrase !== message ? phrase : undefined;
}

function lengthSpan(
  named: ReadonlyMap<string, Metadata>,
  constraint: (name: string, index?: number) => unknown,
): Span | undefined {
  const min = [constraint('isLength', 0), constraint('minLength'), named.has('isNotEmpty') ? 1 : undefined].filter(
    (value): value is number => typeof value === 'number',
  );
  const max = [constraint('isLength', 1), constraint('maxLength')].filter(
    (value): value is number => typeof value === 'number',
  );
  return span(min.length > 0 ? Math.max(...min) : undefined, max.length > 0 ? Math.min(...max) : undefined);
}

function span(min: number | undefined, max: number | undefined): Span | undefined {
  if (min === undefined && max === undefined) return undefined;
  return { min, max };
}

function numericRange({ min, max }: Span): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  return min !== undefined ? `≥ ${min}` : `≤ ${max}`;
}

function countRange({ min, max }: Span, unit: string): string {
  const units = (count: number) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${units(max)}` : `${min}–${units(max)}`;
  return min !== undefined ? `at least ${units(min)}` : `at most ${units(max ?? 0)}`;
}
