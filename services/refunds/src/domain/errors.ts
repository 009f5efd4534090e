/** A request refunds cannot carry out, with the slug and status the API answers it with. */
export type RefundsErrorKind = 'not-found' | 'conflict' | 'invalid';

export class RefundsError extends Error {
  constructor(
    readonly kind: RefundsErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RefundsError';
  }
}
