/**
 * Validation for the value kinds that recur across payloads, so each rule is written once:
 * identifiers, free text, money in minor units, timestamps and fractions.
 */
import { IsISO8601, IsInt, IsNotEmpty, IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_ID_LENGTH } from './vocabulary';

function allOf(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };
}

/** A non-empty identifier or code of at most 64 characters. */
export const IsId = (): PropertyDecorator => allOf(IsString(), IsNotEmpty(), MaxLength(MAX_ID_LENGTH));

/** Human-readable, non-empty text. */
export const IsText = (): PropertyDecorator => allOf(IsString(), IsNotEmpty());

/** A non-negative integer amount in the minor unit of the payload's currency (cents). */
export const IsMinorAmount = (): PropertyDecorator => allOf(IsInt(), Min(0));

/** An ISO-8601 timestamp string that names a real date. */
export const IsTimestamp = (): PropertyDecorator => IsISO8601({ strict: true });

/** A number from 0 to 1. */
export const IsFraction = (): PropertyDecorator => allOf(IsNumber(), Min(0), Max(1));
