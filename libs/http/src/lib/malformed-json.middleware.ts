/** Names a malformed JSON body as such before Nest sees the parser's error. */
import { ProblemException } from './problem-details';

/**
 * Express error middleware, mounted right after the JSON body parser. Nest would turn body-parser's
 * SyntaxError into a bare 400 that the problem filter could not tell from any other bad request.
 */
export function malformedJsonAsProblem(
  error: unknown,
  _request: unknown,
  _response: unknown,
  next: (error: unknown) => void,
): void {
  const parseFailed = error instanceof SyntaxError && (error as { type?: unknown }).type === 'entity.parse.failed';
  next(
    parseFailed
      ? new ProblemException({
          status: 400,
          slug: 'malformed-json',
          title: 'Request body is not valid JSON',
          detail: error.message,
        })
      : error,
  );
}
