/**
 * Why a use case refused: the edges (REST, gRPC, Kafka) turn the kind into a status code and the
 * problems into the list of bad fields, so every edge says the same thing about the same mistake.
 */
export type IntakeErrorKind = 'invalid' | 'not-found' | 'conflict' | 'unprocessable' | 'unavailable';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
  readonly code?: string;
}

export class IntakeError extends Error {
  constructor(
    readonly kind: IntakeErrorKind,
    readonly code: string,
    message: string,
    readonly problems: readonly FieldProblem[] = [],
    /** Members of the problem beyond the standard ones, e.g. `suggestedPickupWindows`. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'IntakeError';
  }
}
