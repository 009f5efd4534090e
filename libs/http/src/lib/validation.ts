/**
 * Input validation shared by every edge: the Nest pipe for HTTP and `validateInput` for gRPC run the
 * same transform + validate and report the same list of field problems.
 */
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { MAX_ID_LENGTH, hasControlCharacters, validatePlain } from '@rebound/contracts';
import { FieldProblem, ProblemException } from './problem-details';
import { UndecodableMessage } from './undecodable-message';

/** The 400 `validation` problem; `errors` names every invalid field, once each. */
export class InputValidationError extends ProblemException {
  constructor(readonly errors: readonly FieldProblem[]) {
    super({
      status: 400,
      slug: 'validation',
      title: 'Request is invalid',
      detail: `The request has ${errors.length} invalid ${errors.length === 1 ? 'field' : 'fields'}.`,
      errors: [...errors],
    });
  }
}

/**
 * Builds a `cls` instance from plain input and validates it (unknown fields refused), or throws
 * `InputValidationError` with every problem at once. Only synchronous constraints run: DTOs must
 * not rely on async ones.
 */
export function validateInput<T extends object>(cls: ClassConstructor<T>, plain: unknown): T {
  // A request without a body is an empty object: each required field is then reported by name.
  const validation = validatePlain(cls, decoded(plain) ?? {}, { unknownFields: 'reject' });
  if (!validation.valid) throw new InputValidationError(validation.violations);
  return validation.value;
}

/** The message itself, or the 400 that says its bytes were not one (see `refuseUndecodableMessages`). */
export function decoded<T>(message: T | UndecodableMessage): T {
  if (message instanceof UndecodableMessage) {
    throw new InputValidationError([{ field: '', message: `is not a ${message.type} message (${message.reason})` }]);
  }
  return message;
}

/**
 * DTO classes go through `validateInput`; a lone path or query parameter (`@Param('orderId')`) is an
 * id, so it is checked for what no id has: control characters (Postgres refuses NUL in text) and
 * more than MAX_ID_LENGTH characters. Nest's own options only keep its conversion of primitives
 * (`@Param('n') n: number` becomes a number).
 */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.metatype && this.toValidate(metadata)) return validateInput(metadata.metatype, value);
    if (typeof value === 'string' && metadata.data && hasControlCharacters(value)) {
      throw new InputValidationError([{ field: metadata.data, message: 'must not contain control characters' }]);
    }
    if (typeof value === 'string' && metadata.data && value.length > MAX_ID_LENGTH) {
      throw new InputValidationError([
        { field: metadata.data, message: `must be at most ${MAX_ID_LENGTH} characters` },
      ]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({ transform: true });
}

/** What an Idempotency-Key header may hold: 1-255 printable ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The Idempotency-Key header of an operation that requires one, or the 400 naming the header:
 * `missing-idempotency-key` (with `why`, what the key protects against) or `invalid-idempotency-key`.
 */
export function requireIdempotencyKey(key: string | undefined, why: string): string {
  if (key !== undefined && IDEMPOTENCY_KEY_PATTERN.test(key)) return key;
  throw new ProblemException({
    status: 400,
    slug: key === undefined ? 'missing-idempotency-key' : 'invalid-idempotency-key',
    title: 'Request is invalid',
    detail: key === undefined ? why : 'Idempotency-Key must be 1-255 printable ASCII characters',
    errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }],
  });
}

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
