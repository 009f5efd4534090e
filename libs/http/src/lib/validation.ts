/**
 * Input validation shared by every edge: the Nest pipe for HTTP and `validateInput` for gRPC run the
 * same transform + validate and report the same list of field problems.
 */
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, ValidatorOptions, validateSync } from 'class-validator';
import { fieldViolations } from '@rebound/contracts';
import { FieldProblem, ProblemException } from './problem-details';

const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // Errors keep neither the object nor the rejected value: neither belongs in a response or a log.
  validationError: { target: false, value: false },
};

/** The 400 `validation` problem; `errors` names every invalid field. */
export class InputValidationError extends ProblemException {
  constructor(readonly errors: FieldProblem[]) {
    // A field that breaks several rules has an entry for each, but counts once.
    const fields = new Set(errors.map((error) => error.field)).size;
    super({
      status: 400,
      slug: 'validation',
      title: 'Request is invalid',
      detail: `The request has ${fields} invalid ${fields === 1 ? 'field' : 'fields'}.`,
      errors,
    });
  }
}

/** class-validator's error tree as one flat list, one entry per broken rule, fields named by path. */
export function validationProblems(errors: ValidationError[]): FieldProblem[] {
  return fieldViolations(errors);
}

/**
 * Builds a `cls` instance from plain input and validates it, or throws `InputValidationError`.
 * It runs `validateSync`, which skips async constraints: DTOs must not rely on them.
 */
export function validateInput<T extends object>(cls: ClassConstructor<T>, plain: unknown): T {
  // A request without a body is an empty object: each required field is then reported by name.
  const input = plain ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InputValidationError([{ field: '', message: 'must be an object' }]);
  }
  const instance = plainToInstance(cls, input);
  const errors = validateSync(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) throw new InputValidationError(validationProblems(errors));
  return instance;
}

/**
 * DTO classes go through `validateInput`, so its options (above) are the ones in force; the options given
 * to Nest's pipe only keep its conversion of primitives (`@Param('n') n: number` becomes a number).
 */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.metatype && this.toValidate(metadata)) return validateInput(metadata.metatype, value);
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({ transform: true });
}

/** What an Idempotency-Key header may hold: 1-255 printable ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * A path parameter that must be a UUID: anything else is a 400 naming `field`, before any lookup.
 * `what` names the thing in the detail (`"x" is not a pickup id (a UUID)`).
 */
export function requireUuid(value: string, field: string, what?: string): void {
  if (isUuid(value)) return;
  throw new ProblemException({
    status: 400,
    slug: 'validation',
    title: 'Request is invalid',
    detail: what ? `"${value}" is not a ${what} (a UUID)` : `"${value}" is not a UUID`,
    errors: [{ field, message: 'must be a UUID' }],
  });
}
