/**
 * Why a use case refused: the edges (REST, gRPC, Kafka) turn the kind into a status code and the
 * problems into the list of bad fields, so every edge says the same thing about the same mistake.
 */
import { DomainError, type DomainErrorKind, type FieldProblem } from '@rebound/kernel';

export type IntakeErrorKind = DomainErrorKind;
export type { FieldProblem };

export class IntakeError extends DomainError {
  constructor(
    kind: IntakeErrorKind,
    code: string,
    message: string,
    problems: readonly FieldProblem[] = [],
    /** Members of the problem beyond the standard ones, e.g. `suggestedPickupWindows`. */
    extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(kind, code, message, { problems, extensions });
    this.name = 'IntakeError';
  }
}
