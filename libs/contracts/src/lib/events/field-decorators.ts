/**
 * Validation for the value kinds that recur across payloads, so each rule is written once:
 * identifiers, free text, money in minor units, timestamps and fractions.
 */
import {
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  buildMessage,
  isISO8601,
  length,
} from 'class-validator';
import { MAX_COUNT, MAX_ID_LENGTH, MAX_MINOR_AMOUNT, MAX_QUANTITY, MAX_TEXT_LENGTH } from './vocabulary';

function allOf(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };
}

/** A non-empty identifier or code of at most 64 characters. */
export const IsId = (): PropertyDecorator => allOf(IsString(), IsNotEmpty(), MaxLength(MAX_ID_LENGTH));

/** Human-readable, non-empty text of at most MAX_TEXT_LENGTH characters. */
export const IsText = (): PropertyDecorator => allOf(IsString(), IsNotEmpty(), MaxLength(MAX_TEXT_LENGTH));

/** An integer amount in the minor unit of the payload's currency (cents), from `least` to MAX_MINOR_AMOUNT. */
export const IsMinorAmount = (least = 0): PropertyDecorator => allOf(IsInt(), Min(least), Max(MAX_MINOR_AMOUNT));

/** Units of a line: an integer from `least` to MAX_QUANTITY. */
export const IsQuantity = (least = 1): PropertyDecorator => allOf(IsInt(), Min(least), Max(MAX_QUANTITY));

/** An attempt number, a version or a stock level: an integer from `least` to MAX_COUNT. */
export const IsCount = (least = 0): PropertyDecorator => allOf(IsInt(), Min(least), Max(MAX_COUNT));

const ZONED_TIME = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** What `@IsTimestamp` accepts; the compiled payload validators use it for the `date-time` format. */
export function isTimestamp(value: unknown): boolean {
  return typeof value === 'string' && isISO8601(value, { strict: true }) && ZONED_TIME.test(value);
}

/**
 * An ISO-8601 timestamp that names a real date and says its time zone (`Z` or `±hh:mm`): without
 * one, which instant it means would depend on the reader's machine.
 */
export const IsTimestamp = (): PropertyDecorator =>
  ValidateBy({
    name: 'isTimestamp',
    validator: {
      validate: isTimestamp,
      defaultMessage: buildMessage(
        (prefix) => `${prefix}$property must be an ISO-8601 timestamp with a time zone (Z or ±hh:mm)`,
      ),
    },
  });

/** What `@IsNameValueMap` accepts: an object whose names and values are non-empty strings of at most 64 characters. */
export function isNameValueMap(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([name, text]) => length(name, 1, MAX_ID_LENGTH) && typeof text === 'string' && length(text, 1, MAX_ID_LENGTH),
  );
}

/** An object of names to values (`{ "size": "M", "colour": "blue" }`), each a non-empty string of at most 64 characters. */
export const IsNameValueMap = (): PropertyDecorator =>
  ValidateBy({
    name: 'isNameValueMap',
    validator: {
      validate: isNameValueMap,
      defaultMessage: buildMessage(
        (prefix) =>
          `${prefix}$property must be an object of names to values, each a non-empty string of at most ${MAX_ID_LENGTH} characters`,
      ),
    },
  });

/** A number from 0 to 1. */
export const IsFraction = (): PropertyDecorator => allOf(IsNumber(), Min(0), Max(1));

/**
 * When a field is required because of another field's value: `field` is one of `values`. Otherwise
 * the field may be left out, and when it is given anyway it is either checked all the same
 * (`checked-when-given`) or taken as it is (`unchecked`).
 */
export interface RequiredCondition {
  readonly field: string;
  readonly values: readonly unknown[];
  readonly otherwise: 'checked-when-given' | 'unchecked';
}

const requiredConditions = new WeakMap<object, Map<string, RequiredCondition>>();

/**
 * `@ValidateIf` with `@IsDefined` written as data, so the JSON Schema generator can state the same
 * rule (an `if`/`then`) instead of guessing what a function tests:
 * `@RequiredWhen('method', PICKUP_METHODS, 'checked-when-given')`.
 */
export function RequiredWhen(
  field: string,
  values: readonly unknown[],
  otherwise: RequiredCondition['otherwise'],
): PropertyDecorator {
  return (target, property) => {
    const name = String(property);
    const own = requiredConditions.get(target) ?? new Map<string, RequiredCondition>();
    own.set(name, { field, values, otherwise });
    requiredConditions.set(target, own);
    ValidateIf(
      (object: Record<string, unknown>, value: unknown) =>
        values.includes(object[field]) || (otherwise === 'checked-when-given' && value !== undefined),
    )(target, property);
    IsDefined()(target, property);
  };
}

/** The condition `@RequiredWhen` put on a field of the class or of a class it extends. */
export function requiredConditionOf(cls: new () => object, property: string): RequiredCondition | undefined {
  for (
    let prototype: object | null = cls.prototype as object;
    prototype;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    const condition = requiredConditions.get(prototype)?.get(property);
    if (condition) return condition;
  }
  return undefined;
}
