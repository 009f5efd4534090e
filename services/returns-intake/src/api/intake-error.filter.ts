/** REST side of IntakeError: the same problem+json every other error gets, with a status for its kind. */
import { ArgumentsHost, Catch } from '@nestjs/common';
import { ProblemDetailsFilter, ProblemException } from '@rebound/http';
import { IntakeError, IntakeErrorKind } from '../domain/errors';

const STATUS: Record<IntakeErrorKind, number> = {
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  unavailable: 503,
};

const TITLE: Record<IntakeErrorKind, string> = {
  invalid: 'Request is invalid',
  'not-found': 'Not found',
  conflict: 'Conflict',
  unprocessable: 'Request cannot be processed',
  unavailable: 'Service unavailable',
};

export function toProblem(error: IntakeError): ProblemException {
  return new ProblemException({
    status: STATUS[error.kind],
    slug: error.code,
    title: TITLE[error.kind],
    detail: error.message,
    // Each bad field keeps its policy code (`window-closed`, `photos-required`) for programs to branch on.
    ...(error.problems.length > 0 && {
      errors: error.problems.map(({ field, message, code }) => ({ field, message, ...(code && { code }) })),
    }),
    ...(Object.keys(error.extensions).length > 0 && { extensions: error.extensions }),
  });
}

@Catch(IntakeError)
export class IntakeErrorFilter extends ProblemDetailsFilter {
  override catch(exception: IntakeError, host: ArgumentsHost): void {
    super.catch(toProblem(exception), host);
  }
}
