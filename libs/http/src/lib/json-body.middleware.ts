/**
 * Request bodies are JSON in UTF-8 and nothing else: another media type is a 415 before any parser
 * reads it (a form body would otherwise be parsed into fields no DTO expects), bytes that are not
 * UTF-8 are refused rather than decoded into replacement characters, and JSON that does not parse
 * is named as such.
 */
import { isUtf8 } from 'node:buffer';
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
 * The JSON parser's `verify` hook: keeps the bytes as `rawBody` (what Nest's `RawBodyRequest` reads,
 * for signatures over exactly what was sent) and refuses a body that is not UTF-8.
 */
export function keepUtf8Body(request: IncomingMessage & { rawBody?: Buffer }, _response: unknown, body: Buffer): void {
  request.rawBody = body;
  if (!isUtf8(body)) {
    throw new ProblemException({
      status: 400,
      slug: 'invalid-encoding',
      title: 'Request body is not UTF-8',
      detail: 'the body must be JSON encoded as UTF-8',
    });
  }
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
