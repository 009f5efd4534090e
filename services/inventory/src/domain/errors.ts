/** A request inventory cannot carry out, with the slug and status the API answers it with. */
import type { FieldViolation } from '@rebound/contracts';
import type { Shortfall } from './stock';

export type InventoryErrorKind = 'not-found' | 'conflict' | 'invalid';

export class InventoryError extends Error {
  constructor(
    readonly kind: InventoryErrorKind,
    readonly code: string,
    message: string,
    readonly problems: readonly FieldViolation[] = [],
    /** For `insufficient-stock`: every bucket that lacks units, with what it has. */
    readonly shortfalls: readonly Shortfall[] = [],
  ) {
    super(message);
    this.name = 'InventoryError';
  }
}
