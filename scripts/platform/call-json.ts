/** JSON over HTTP for the platform's tools (the bring-up, the demo inspector, the benchmark). */
import type { ClientCredentials } from './client-credentials';

/** A call the server answered with an error status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The answer's body as sent. */
    readonly body: string,
  ) {
    super(message);
  }
}

/** Calls a JSON API; a refusal names the call and its answer, a failed connection the call and why. */
export async function callJson<T>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${method} ${url} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok)
    throw new HttpError(response.status, `${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

export type JsonCall = <T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<T>;

/**
 * `callJson` as the client of `credentials`, its bearer token on every call. A 401 is answered once
 * with a new token: the kept one may have been signed by a key the issuer has since replaced.
 */
export function callJsonAs(credentials: ClientCredentials): JsonCall {
  return async <T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    try {
      return await callJson<T>(method, url, body, { ...(await credentials.authorization()), ...headers });
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 401)) throw error;
      credentials.forget();
      return callJson<T>(method, url, body, { ...(await credentials.authorization()), ...headers });
    }
  };
}
