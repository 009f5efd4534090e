/**
 * Request bodies are JSON and nothing else: another media type is a 415 before any parser reads it
 * (a form body would otherwise be parsed into fields no DTO expects), and JSON that does not parse
 * is named as such.
 */
import type { IncomingMessage } from 'node:http';
import { ProblemException } from './problem-details';

type Next = (error?: unknown) => void;

/** Express middleware, mounted before the JSON body parser. */
export function jsonBodiesOnly(request: IncomingMessage, _response: unknown, next: Next): void {
  const contentType = request.headers['content-type'];
  if (!hasBody(request) || isJson(contentType)) return next();
  next(
    new ProblemException({
      status: 415,
      slug: 'unsupported-media-type',
      title: 'Request body is not JSON',
      detail: contentType
        ? `the body must be sent as application/json, not ${contentType}`
        : 'the body must be sent with Content-Type: application/json',
    }),
  );
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Express error middleware, mounted right after the JSON body parser. Nest would turn body-parser's
 * SyntaxError into a bare 400 that the problem filter could not tell from any other bad request.
 */
export function malformedJsonAsProblem(error: unknown, _request: unknown, _response: unknown, next: Next): void {
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
