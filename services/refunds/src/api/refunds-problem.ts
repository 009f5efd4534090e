/** The problem+json answer to a request refunds cannot carry out, with the status its kind stands for. */
import { ProblemException } from '@rebound/http';
import { RefundsError } from '../domain/errors';

const STATUS = { 'not-found': 404, conflict: 409, invalid: 400 } as const;

/** Runs `work`, answering a RefundsError as its problem; `notFoundTitle` names what was not found. */
export async function answeringProblems<T>(notFoundTitle: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof RefundsError)) throw error;
    const status = STATUS[error.kind];
    throw new ProblemException({
      status,
      slug: error.code,
      title: status === 404 ? notFoundTitle : status === 400 ? 'Request is invalid' : 'Request cannot be carried out',
      detail: error.message,
    });
  }
}
