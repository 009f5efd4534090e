/**
 * The one error a use case throws when it refuses: a kind the edges turn into a status (HTTP problem
 * details, a gRPC status, a permanent failure on Kafka), a stable slug callers branch on, a message
 * that reads like a sentence to the person who made the mistake, and optionally the bad fields and
 * members of its own (`shortfalls`, `suggestedPickupWindows`). Every edge maps it the same way, so the
 * same mistake reads the same over REST, gRPC and Kafka.
 */
export type DomainErrorKind =
  /** The input is malformed or out of range (400 / INVALID_ARGUMENT). */
  | 'invalid'
  /** What it names does not exist, or the caller may not see it (404 / NOT_FOUND). */
  | 'not-found'
  /** The state of what it names does not allow it now, or it exists already (409 / ALREADY_EXISTS). */
  | 'conflict'
  /** Well formed, but the rules refuse it (422 / FAILED_PRECONDITION). */
  | 'unprocessable'
  /** Something it depends on is down; the same call may work later (503 / UNAVAILABLE). */
  | 'unavailable';

/** One rejected field: where it is (`lines[0].quantity`) and what is wrong with it. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
  /** A rule's own slug (`window-closed`), for programs to branch on. */
  readonly code?: string;
}

export interface DomainErrorDetails {
  readonly problems?: readonly FieldProblem[];
  /** Members of the problem beyond the standard ones; they must not reuse a standard member's name. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** The short summary of this slug, the same for every occurrence; the kind's own title by default. */
  readonly title?: string;
}

export class DomainError extends Error {
  readonly problems: readonly FieldProblem[];
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly title: string;

  constructor(
    readonly kind: DomainErrorKind,
    /** Kebab-case slug, the last segment of the problem type (`quantity-exceeds-returnable`). */
    readonly code: string,
    message: string,
    details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.problems = details.problems ?? [];
    this.extensions = details.extensions ?? {};
    this.title = details.title ?? DOMAIN_ERROR_TITLES[kind];
  }

  /** The refusal of a command that cannot be built as given: every bad field at once. */
  static invalid(problems: readonly FieldProblem[], message = describeProblems(problems)): DomainError {
    return new DomainError('invalid', 'validation', message, { problems });
  }
}

export const DOMAIN_ERROR_TITLES: Readonly<Record<DomainErrorKind, string>> = {
  invalid: 'Request is invalid',
  'not-found': 'Not found',
  conflict: 'Conflict',
  unprocessable: 'Request cannot be processed',
  unavailable: 'Service unavailable',
};

function describeProblems(problems: readonly FieldProblem[]): string {
  if (problems.length === 1) return `${problems[0].field || 'the request'}: ${problems[0].message}`;
  return `The request has ${problems.length} invalid fields.`;
}
