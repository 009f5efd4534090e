/** A request the inspection cannot take, with the slug and status the API answers it with. */
import type { FieldViolation } from '@rebound/contracts';

export type QcErrorKind = 'not-found' | 'conflict' | 'unprocessable' | 'invalid';

export class QcError extends Error {
  constructor(
    readonly kind: QcErrorKind,
    readonly code: string,
    message: string,
    readonly problems: readonly FieldViolation[] = [],
  ) {
    super(message);
    this.name = 'QcError';
  }
}
