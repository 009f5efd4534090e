/**
 * Validation for the value kinds that recur across payloads, so each rule is written once:
 * identifiers, free text, money in minor units, timestamps and fractions.
 */
import {
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  buildMessage,
  isISO8601,
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

/**
 * An ISO-8601 timestamp that names a real date and says its time zone (`Z` or `±hh:mm`): without
 * one, which instant it means would depend on the reader's machine.
 */
export const IsTimestamp = (): PropertyDecorator =>
  ValidateBy({
    name: 'isTimestamp',
    validator: {
      validate: (value) => typeof value === 'string' && isISO8601(value, { strict: true }) && ZONED_TIME.test(value),
      defaultMessage: buildMessage(
        (prefix) => `${prefix}$property must be an ISO-8601 timestamp with a time zone (Z or ±hh:mm)`,
      ),
    },
  });

/** A number from 0 to 1. */
export const IsFraction = (): PropertyDecorator => allOf(IsNumber(), Min(0), Max(1));
