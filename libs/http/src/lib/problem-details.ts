/**
 * RFC 9457 problem details: the one error shape every Rebound HTTP API answers with, and the
 * exception services throw to produce it.
 */
import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError, type DomainErrorKind } from '@rebound/kernel';

export function problemType(slug: string): string {
  return `https://rebound.dev/problems/${slug}`;
}

/** One rejected field: where it is (`lines[0].quantity`) and what is wrong with it. */
export class FieldProblem {
  @ApiProperty({
    description: 'Path of the field, array items as `[i]`; empty for the input as a whole.',
    example: 'lines[0].quantity',
  })
  field!: string;

  @ApiProperty({ example: 'quantity must not be less than 1' })
  message!: string;
}

/** The documented body of every error response (served as `application/problem+json`). */
export class ProblemDetails {
  @ApiProperty({ format: 'uri', example: 'https://rebound.dev/problems/validation' })
  type!: string;

  @ApiProperty({
    description: 'Short summary, the same for every occurrence of this type.',
    example: 'Request is invalid',
  })
  title!: string;

  @ApiProperty({ type: 'integer', example: 400 })
  status!: number;

  @ApiProperty({ description: 'What went wrong this time.', example: 'The request has 2 invalid fields.' })
  detail!: string;

  @ApiProperty({ description: 'Path of the request that failed.', example: '/returns' })
  instance!: string;

  @ApiPropertyOptional({ type: [FieldProblem], description: 'Every invalid field, when the input was rejected.' })
  errors?: FieldProblem[];
}

/** Extra members a problem type defines; the standard members cannot be overridden through them. */
export type ProblemExtensions = Record<string, unknown> & { [member in keyof ProblemDetails]?: never };

export interface ProblemInit {
  status: number;
  /** Last segment of the `type` URI, kebab-case (`return-not-eligible`). */
  slug: string;
  title: string;
  detail: string;
  errors?: FieldProblem[];
  extensions?: ProblemExtensions;
}

/** Thrown by services for business errors; `ProblemDetailsFilter` turns it into the response. */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: ProblemInit,
    /** Response headers the problem comes with (`WWW-Authenticate`, `Retry-After`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    // The detail doubles as the exception message, so logs and other filters still say what happened.
    super(problem.detail, problem.status);
  }

  /** A problem for a bare HTTP status, for errors that carry nothing more specific. */
  static forStatus(status: number, detail: string): ProblemException {
    return new ProblemException({ status, slug: statusSlug(status), title: STATUS_CODES[status] ?? 'Error', detail });
  }

  /**
   * The answer to a use case's refusal: its kind's status, its slug and title, its bad fields (each
   * keeping a rule's own code) and its own members.
   */
  static fromDomainError(error: DomainError): ProblemException {
    return new ProblemException({
      status: DOMAIN_ERROR_STATUS[error.kind],
      slug: error.code,
      title: error.title,
      detail: error.message,
      ...(error.problems.length > 0 && {
        errors: error.problems.map(({ field, message, code }) => ({ field, message, ...(code && { code }) })),
      }),
      ...(Object.keys(error.extensions).length > 0 && { extensions: error.extensions as ProblemExtensions }),
    });
  }

  /** The response body for the request at path `instance`. */
  toProblemDetails(instance: string): ProblemDetails & Record<string, unknown> {
    const { status, slug, title, detail, errors, extensions } = this.problem;
    return { type: problemType(slug), title, status, detail, instance, ...(errors && { errors }), ...extensions };
  }
}

const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  unavailable: 503,
};

// Slugs are part of the API, so they come from Nest's enum names, fixed within a major version, not
// from Node's reason phrases, which may follow HTTP's renames (RFC 9110 calls 413 "Content Too Large").
function statusSlug(status: number): string {
  // One slug for every 500, whether an unexpected error or an InternalServerErrorException.
  if (status === HttpStatus.INTERNAL_SERVER_ERROR) return 'internal';
  const name: string | undefined = HttpStatus[status];
  return name ? name.toLowerCase().replace(/_/g, '-') : `http-${status}`;
}
