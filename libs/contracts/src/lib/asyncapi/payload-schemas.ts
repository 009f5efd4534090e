/**
 * JSON Schema for the event payload classes, read off the same class-validator decorators consumers
 * validate with, so the published schemas cannot drift from what is enforced. Each class (payloads
 * and the value classes nested in them) becomes one named schema, referenced with `$ref`.
 */
import { plainToInstance } from 'class-transformer';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { RequiredCondition, requiredConditionOf } from '../events/field-decorators';
import { MAX_ID_LENGTH } from '../events/vocabulary';
import { fieldExpectation } from '../validation/field-expectation';
import { DeclaredField, declaredFieldsOf } from '../validation/validate-plain';

export type JsonSchema = { readonly [keyword: string]: unknown };

type PayloadClass = new () => object;

/** Metadata that says nothing about the value's shape; optionality is read by `declaredFieldsOf`. */
const STRUCTURAL = new Set(['conditionalValidation', 'nestedValidation', 'whitelistValidation', 'isDefined']);

/** The JSON Schema keywords one class-validator rule stands for. */
const RULES: Readonly<Record<string, (constraints: readonly unknown[]) => JsonSchema>> = {
  isString: () => ({ type: 'string' }),
  isNotEmpty: () => ({ minLength: 1 }),
  minLength: ([min]) => ({ minLength: min }),
  maxLength: ([max]) => ({ maxLength: max }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  min: ([min]) => ({ minimum: min }),
  max: ([max]) => ({ maximum: max }),
  isIn: ([values]) => ({ enum: values }),
  equals: ([value]) => ({ const: value }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  matches: ([pattern]) => ({ type: 'string', pattern: (pattern as RegExp).source }),
  // IsTimestamp: ISO 8601 with a time zone, which is what RFC 3339's date-time demands.
  isTimestamp: () => ({ type: 'string', format: 'date-time' }),
  isNameValueMap: () => ({
    type: 'object',
    propertyNames: { minLength: 1, maxLength: MAX_ID_LENGTH },
    additionalProperties: { type: 'string', minLength: 1, maxLength: MAX_ID_LENGTH },
  }),
  isArray: () => ({ type: 'array' }),
  arrayMinSize: ([min]) => ({ type: 'array', minItems: min }),
  arrayMaxSize: ([max]) => ({ type: 'array', maxItems: max }),
  arrayUnique: () => ({ type: 'array', uniqueItems: true }),
};

/** Collects the named schemas of the classes it is asked about, and of every class nested in them. */
export class PayloadSchemas {
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly classes = new Map<string, PayloadClass>();

  /** @param refPrefix where the named schemas will live, e.g. `#/components/schemas/` */
  constructor(private readonly refPrefix: string) {}

  /** A `$ref` to the class's schema, which is built (with its nested classes) on first use. */
  refTo(cls: PayloadClass): JsonSchema {
    const known = this.classes.get(cls.name);
    if (known !== undefined && known !== cls) {
      throw new Error(`schema-name-taken: two payload classes are named ${cls.name}, and schema names must be unique`);
    }
    if (known === undefined) {
      this.classes.set(cls.name, cls);
      this.schemas.set(cls.name, this.objectSchema(cls));
    }
    return { $ref: `${this.refPrefix}${cls.name}` };
  }

  /** Every schema built so far, by class name in alphabetical order. */
  all(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.schemas].sort(([a], [b]) => a.localeCompare(b)));
  }

  private objectSchema(cls: PayloadClass): JsonSchema {
    const fields = [...declaredFieldsOf(cls).values()];
    const required = fields.filter((field) => field.required).map((field) => field.name);
    const properties: Record<string, JsonSchema> = {};
    const conditions: JsonSchema[] = [];
    for (const field of fields) {
      const schema = this.fieldSchema(cls, field);
      const condition = conditionOf(cls, field);
      if (condition === undefined) {
        properties[field.name] = orNull(schema, isOptional(field));
        continue;
      }
      const when = { properties: { [condition.field]: { enum: condition.values } }, required: [condition.field] };
      const { description, ...rules } = schema;
      const requirement = `Required when ${condition.field} is one of: ${condition.values.map(String).join(', ')}.`;
      const described = `${description === undefined ? '' : `${String(description)} `}${requirement}`;
      if (condition.otherwise === 'checked-when-given') {
        properties[field.name] = { description: described, ...rules };
        conditions.push({ if: when, then: { required: [field.name] } });
      } else {
        // Left unchecked unless the condition holds, when it must be given and be what it says.
        properties[field.name] = { description: `${described} Not checked otherwise.` };
        conditions.push({ if: when, then: { required: [field.name], properties: { [field.name]: rules } } });
      }
    }
    return {
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(conditions.length > 0 ? { allOf: conditions } : {}),
    };
  }

  private fieldSchema(cls: PayloadClass, field: DeclaredField): JsonSchema {
    const nested = field.metadatas.find((metadata) => metadata.type === 'nestedValidation');
    if (nested && !nested.each) return this.refTo(nestedClass(cls, field.name, false));
    const own = rulesOf(cls, field, (metadata) => !metadata.each);
    const each = rulesOf(cls, field, (metadata) => metadata.each);
    const items = nested?.each ? this.refTo(nestedClass(cls, field.name, true)) : each;
    const isArray = own['type'] === 'array' || nested?.each || Object.keys(each).length > 0;
    const description = fieldExpectation(field.metadatas);
    return {
      ...(description ? { description: `Must be ${description.replace(/^must be /, '')}.` } : {}),
      ...own,
      ...(isArray ? { type: 'array', items } : {}),
    };
  }
}

/**
 * The `@RequiredWhen` condition of a field; a bare `@ValidateIf` is refused, since what its function
 * tests cannot be read off it and the schema would accept what the validator refuses.
 */
function conditionOf(cls: PayloadClass, field: DeclaredField): RequiredCondition | undefined {
  const condition = requiredConditionOf(cls, field.name);
  const validateIf = field.metadatas.some(
    (metadata) => metadata.type === 'conditionalValidation' && metadata.name !== 'isOptional',
  );
  if (validateIf && condition === undefined) {
    throw new Error(
      `unmapped-condition: ${cls.name}.${field.name} uses @ValidateIf, which JSON Schema cannot state; use @RequiredWhen`,
    );
  }
  return condition;
}

/** `@IsOptional` lets null through as well as absence. */
function isOptional(field: DeclaredField): boolean {
  return field.metadatas.some(
    (metadata) => metadata.type === 'conditionalValidation' && metadata.name === 'isOptional',
  );
}

function orNull(schema: JsonSchema, nullable: boolean): JsonSchema {
  if (!nullable) return schema;
  const { description, ...rest } = schema;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: 'null' }] };
}

function rulesOf(
  cls: PayloadClass,
  field: DeclaredField,
  include: (metadata: ValidationMetadata) => boolean,
): JsonSchema {
  const schema: Record<string, unknown> = {};
  for (const metadata of field.metadatas) {
    if (STRUCTURAL.has(metadata.type) || !include(metadata)) continue;
    const rule = RULES[metadata.name ?? metadata.type];
    if (!rule) {
      throw new Error(
        `unmapped-validation-rule: ${cls.name}.${field.name} uses @${metadata.name ?? metadata.type}, which has no JSON Schema rule in payload-schemas.ts`,
      );
    }
    Object.assign(schema, rule(metadata.constraints ?? []));
  }
  return schema;
}

/**
 * The class `@Type` names for a nested field. class-transformer keeps it in storage it does not
 * export, so it is read from what `plainToInstance` builds for the field.
 */
function nestedClass(cls: PayloadClass, property: string, each: boolean): PayloadClass {
  const built = plainToInstance(cls, { [property]: each ? [{}] : {} }) as Record<string, unknown>;
  const value = built[property];
  const item: unknown = each && Array.isArray(value) ? value[0] : value;
  const nested = (item as object | undefined)?.constructor;
  if (nested === undefined || nested === Object) {
    throw new Error(`untyped-nested-field: ${cls.name}.${property} is validated as nested but has no @Type`);
  }
  return nested as PayloadClass;
}
