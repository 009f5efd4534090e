/**
 * Untrusted JSON → a validated instance of a class-validator class, or every problem with it at
 * once, one per field. HTTP bodies and queries, gRPC messages, Kafka event payloads and the policy
 * and grading documents all come through here, so the same mistake reads the same on every edge.
 *
 * Before class-transformer and class-validator see the input, it is checked for what they let
 * through or choke on: nesting deeper than any Rebound document (their recursion would overflow the
 * stack), keys named like prototype members (class-transformer drops `__proto__` and `constructor`
 * silently, so the unknown-field check never sees them), control characters (Postgres refuses NUL
 * in text), and required fields that are missing (class-validator skips `@ValidateNested` on
 * undefined, and reports a missing string as too short).
 */
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { fieldExpectation } from './field-expectation';

export interface FieldViolation {
  /** Path of the field (`lines[0].quantity`); empty for the input as a whole. */
  readonly field: string;
  readonly message: string;
}

export type PlainValidation<T> =
  | { readonly valid: true; readonly value: T }
  | { readonly valid: false; readonly violations: readonly FieldViolation[] };

export interface PlainValidationOptions {
  /**
   * `reject`: a field the class does not declare is a violation (requests: a typo must not be
   * ignored); `drop`: it is left out (events: producers may add fields within a topic version).
   */
  readonly unknownFields: 'reject' | 'drop';
}

/** Deeper than any document Rebound takes, and far below what recursion survives. */
export const MAX_NESTING = 32;

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Tab, line feed and carriage return are text; the other C0 controls and DEL are not. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

export function validatePlain<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  options: PlainValidationOptions,
): PlainValidation<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return invalid([{ field: '', message: 'must be a JSON object' }]);
  }
  const tooDeep = firstTooDeep(plain);
  if (tooDeep !== undefined)
    return invalid([{ field: tooDeep, message: `is nested more than ${MAX_NESTING} levels deep` }]);

  const found = new Map<string, string>();
  const report = (field: string, message: string) => {
    if (!found.has(field)) found.set(field, message);
  };
  // class-transformer reads `constructor` and `__proto__` as what they are on an object, and throws.
  if (reportHostileText(plain, '', report)) return invalid(sorted(found));
  const instance = plainToInstance(cls, plain);
  checkFields(plain as Record<string, unknown>, instance, '', options, report);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: false,
    forbidUnknownValues: true,
    validationError: { target: true, value: true },
  });
  for (const violation of violationsOf(errors, '')) report(violation.field, violation.message);
  if (found.size === 0) return { valid: true, value: instance };
  return invalid(sorted(found));
}

/**
 * Whether the input passes what is checked before any class sees it: nesting depth, keys named like
 * prototype members, control characters. The same rules as `validatePlain` applies (`firstTooDeep`,
 * `reportHostileText`), without collecting where they are broken, since this runs on every event
 * the compiled payload validators check; their contract test holds both to the same verdicts.
 */
export function passesScreening(plain: object): boolean {
  return isClean(plain, 0);
}

/** Whether nothing inside `value`, found at `depth`, breaks the screening rules. */
function isClean(value: object, depth: number): boolean {
  const array = Array.isArray(value);
  for (const key in value) {
    if (!array && (PROTOTYPE_KEYS.has(key) || hasControlCharacters(key))) return false;
    const child: unknown = (value as Record<string, unknown>)[key];
    if (typeof child === 'string') {
      if (hasControlCharacters(child)) return false;
    } else if (child !== null && typeof child === 'object') {
      if (depth + 1 >= MAX_NESTING || !isClean(child, depth + 1)) return false;
    }
  }
  return true;
}

function sorted(found: ReadonlyMap<string, string>): FieldViolation[] {
  const violations = [...found].map(([field, message]) => ({ field, message }));
  return violations.sort((a, b) => FIELD_ORDER.compare(a.field, b.field));
}

// `lines[2]` before `lines[10]`, and a field before the fields inside it.
const FIELD_ORDER = new Intl.Collator('en', { numeric: true });

function invalid<T>(violations: FieldViolation[]): PlainValidation<T> {
  return { valid: false, violations };
}

/** The top-level field under which the input nests too deep, without recursing (it may be very deep). */
function firstTooDeep(plain: object): string | undefined {
  const pending: { value: unknown; depth: number; top: string }[] = Object.entries(plain).map(([key, value]) => ({
    value,
    depth: 1,
    top: key,
  }));
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth, top } = next;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_NESTING) return top;
    for (const child of Object.values(value)) pending.push({ value: child, depth: depth + 1, top });
  }
  return undefined;
}

/**
 * Reports control characters in any string or key, and keys named like prototype members at any
 * depth (free-form maps included); true when there was such a key.
 */
function reportHostileText(value: unknown, path: string, report: (field: string, message: string) => void): boolean {
  if (typeof value === 'string') {
    if (hasControlCharacters(value)) report(path, 'must not contain control characters');
    return false;
  }
  if (value === null || typeof value !== 'object') return false;
  let prototypeKey = false;
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : join(path, key);
    if (PROTOTYPE_KEYS.has(key)) {
      prototypeKey = true;
      report(childPath, 'is not allowed');
    } else if (hasControlCharacters(key)) report(childPath, 'is not allowed');
    else prototypeKey = reportHostileText(child, childPath, report) || prototypeKey;
  }
  return prototypeKey;
}

export interface DeclaredField {
  readonly name: string;
  readonly required: boolean;
  readonly metadatas: readonly ValidationMetadata[];
}

const declaredFields = new WeakMap<object, ReadonlyMap<string, DeclaredField>>();

/** The fields a class declares (its own and inherited), and which must be given. */
export function declaredFieldsOf(cls: new () => object): ReadonlyMap<string, DeclaredField> {
  let fields = declaredFields.get(cls);
  if (!fields) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
    // A field with an initializer has a default; a conditional one (`@IsOptional`, `@ValidateIf`) may be left out.
    const defaults = new cls() as Record<string, unknown>;
    const byName = new Map<string, ValidationMetadata[]>();
    for (const metadata of metadatas)
      byName.set(metadata.propertyName, [...(byName.get(metadata.propertyName) ?? []), metadata]);
    fields = new Map(
      [...byName].map(([name, own]) => [
        name,
        {
          name,
          metadatas: own,
          required: defaults[name] === undefined && !own.some((metadata) => metadata.type === 'conditionalValidation'),
        },
      ]),
    );
    declaredFields.set(cls, fields);
  }
  return fields;
}

/** Unknown and prototype-named keys, and missing required fields, through every nested class. */
function checkFields(
  plain: Record<string, unknown>,
  instance: object,
  path: string,
  options: PlainValidationOptions,
  report: (field: string, message: string) => void,
): void {
  const fields = declaredFieldsOf(instance.constructor as new () => object);
  if (options.unknownFields === 'reject') {
    for (const key of Object.keys(plain)) if (!fields.has(key)) report(join(path, key), 'is not allowed');
  }
  for (const field of fields.values()) {
    const raw = plain[field.name];
    const fieldPath = join(path, field.name);
    if (raw === undefined || raw === null) {
      if (field.required) report(fieldPath, 'is required');
      continue;
    }
    const value = (instance as Record<string, unknown>)[field.name];
    const nested = field.metadatas.find((metadata) => metadata.type === 'nestedValidation');
    if (nested?.each && Array.isArray(raw) && Array.isArray(value)) {
      raw.forEach((item, index) => {
        const itemPath = `${fieldPath}[${index}]`;
        // class-validator would validate a list inside the list item by item, and let it pass.
        if (!isPlainObject(item)) report(itemPath, 'must be an object');
        else if (isClassInstance(value[index])) checkFields(item, value[index] as object, itemPath, options, report);
      });
    } else if (nested && !nested.each && !isPlainObject(raw)) {
      report(fieldPath, 'must be an object');
    } else if (isPlainObject(raw) && isClassInstance(value)) {
      checkFields(raw, value as object, fieldPath, options, report);
    }
  }
}

/** class-validator's error tree as one violation per field, each saying what the field must be. */
function violationsOf(errors: readonly ValidationError[], parentPath: string): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = fieldPath(parentPath, error.property);
    const own = error.constraints ? [{ field, message: messageOf(error) }] : [];
    return [...own, ...violationsOf(error.children ?? [], field)];
  });
}

function messageOf(error: ValidationError): string {
  if (error.value === undefined || error.value === null) return 'is required';
  const holder = error.target;
  if (holder && !Array.isArray(holder)) {
    const declared = declaredFieldsOf(holder.constructor as new () => object).get(error.property);
    const expectation = declared && fieldExpectation(declared.metadatas);
    if (expectation) return expectation;
  }
  if (error.constraints?.['nestedValidation']) return 'must be an object';
  // A rule the describer cannot read: its own message, without the property name in front.
  const [message] = Object.values(error.constraints ?? {});
  return message.replace(new RegExp(`^(each value in )?${error.property} `), '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isClassInstance(value: unknown): boolean {
  return isPlainObject(value) && value.constructor !== Object && value.constructor !== undefined;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

// class-validator names array items by their index; a declared property is never all digits.
function fieldPath(parentPath: string, property: string | undefined): string {
  if (property === undefined || property === '') return parentPath;
  if (/^\d+$/.test(property)) return `${parentPath}[${property}]`;
  return join(parentPath, property);
}
