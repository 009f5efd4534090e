/**
 * Validators compiled with ajv from the JSON Schemas the AsyncAPI document publishes
 * (`PayloadSchemas`, read off the payload classes' class-validator decorators), one per event
 * class, built the first time the process meets the class. Checking an event this way costs a
 * fraction of class-transformer and class-validator, which is why internal events are checked
 * with them (`decodeEvent`); a contract test holds them to accept and refuse exactly what
 * class-validator does.
 *
 * Where a published schema keyword means less than the class-validator rule it stands for, the
 * compiled copy gives it the rule's own meaning: `uuid` and `date-time` are `@IsUUID` and
 * `@IsTimestamp`, string lengths are counted as class-validator counts them, and an object
 * drops the fields its class does not declare (`additionalProperties: false` with ajv's
 * `removeAdditional`), as the class-validator whitelist does.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isUUID, length } from 'class-validator';
import { JsonSchema, PayloadSchemas } from '../asyncapi/payload-schemas';
import { isTimestamp } from '../events/field-decorators';
import type { EventClass } from '../event-payload';
import type { FieldViolation } from './validate-plain';

const REF_PREFIX = 'urn:rebound:payload:';

/** What a compiled validator says of a payload: valid, or what is wrong with each field it names. */
export type CompiledVerdict =
  { readonly valid: true } | { readonly valid: false; readonly violations: FieldViolation[] };

export class CompiledPayloads {
  private readonly ajv = new Ajv({
    removeAdditional: true,
    // `@Matches` tests with the pattern as written, not in unicode mode.
    unicodeRegExp: false,
    formats: {
      uuid: { type: 'string', validate: (value: string) => isUUID(value) },
      'date-time': { type: 'string', validate: isTimestamp },
    },
    keywords: [
      {
        keyword: 'characters',
        type: 'string',
        schemaType: 'object',
        // Counting characters as class-validator does takes two regular expressions; a string no
        // longer in UTF-16 units than allowed, and not empty when one is needed, cannot count more.
        validate: ({ min = 0, max = Infinity }: { min?: number; max?: number }, value: string) =>
          (value.length <= max && value.length >= min && min <= 1) || length(value, min, max),
      },
    ],
  });
  private readonly validators = new Map<EventClass, ValidateFunction>();

  /**
   * Checks a parsed JSON object against the class's schema, dropping in place the fields the class
   * does not declare (at every depth).
   */
  check(eventClass: EventClass, data: object): CompiledVerdict {
    const validate = this.validatorOf(eventClass);
    if (validate(data)) return { valid: true };
    return { valid: false, violations: (validate.errors ?? []).map(violationOf) };
  }

  private validatorOf(eventClass: EventClass): ValidateFunction {
    let validate = this.validators.get(eventClass);
    if (validate === undefined) {
      // The schemas of each event class under names of their own: two classes may share a name
      // (tests build an event class per topic), and a nested class is compiled once per event.
      const prefix = `${REF_PREFIX}${this.validators.size}:`;
      const schemas = new PayloadSchemas(prefix);
      const { $ref } = schemas.refTo(eventClass) as { $ref: string };
      for (const [name, schema] of Object.entries(schemas.all()))
        this.ajv.addSchema(forCompiling(schema), `${prefix}${name}`);
      validate = this.ajv.getSchema($ref);
      if (validate === undefined) throw new Error(`no compiled schema for ${eventClass.eventType}`);
      this.validators.set(eventClass, validate);
    }
    return validate;
  }
}

/** The published schema with the rules' own meaning where JSON Schema's means less (see above). */
function forCompiling(schema: JsonSchema): JsonSchema {
  const { minLength, maxLength, description: _description, ...rest } = schema;
  const compiled: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(rest)) {
    if (keyword === 'properties') compiled[keyword] = mapValues(value as Record<string, JsonSchema>, forCompiling);
    else if (SUBSCHEMA_LISTS.has(keyword)) compiled[keyword] = (value as JsonSchema[]).map(forCompiling);
    else if (SUBSCHEMAS.has(keyword)) compiled[keyword] = forCompiling(value as JsonSchema);
    else compiled[keyword] = value;
  }
  if (minLength !== undefined || maxLength !== undefined) compiled['characters'] = { min: minLength, max: maxLength };
  if (rest['type'] === 'object' && rest['properties'] !== undefined) compiled['additionalProperties'] = false;
  return compiled;
}

const SUBSCHEMAS = new Set(['items', 'if', 'then', 'propertyNames', 'additionalProperties']);
const SUBSCHEMA_LISTS = new Set(['anyOf', 'allOf']);

function mapValues<T, U>(record: Readonly<Record<string, T>>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

function violationOf(error: ErrorObject): FieldViolation {
  const segments = error.instancePath.split('/').slice(1);
  if (error.keyword === 'required')
    segments.push(String((error.params as { missingProperty: string }).missingProperty));
  const field = segments
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
      '',
    );
  return { field, message: error.keyword === 'required' ? 'is required' : (error.message ?? 'is invalid') };
}
