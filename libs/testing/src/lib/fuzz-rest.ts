/**
 * The fuzz suite's REST edge: every operation of a service's OpenAPI document (so a new endpoint is
 * fuzzed the day it is declared) called with hostile input — its body made hostile field by field
 * (see `hostileInputs`), hostile path and query values, and bodies broken below JSON: cut short,
 * not UTF-8, another media type or charset. Each must be refused with a specific 4xx problem (a
 * body field with a 400 naming it), never a 5xx; what the service stored is the caller's to check.
 */
import fc from 'fast-check';
import { hostileInputs, hostileJson, hostileTexts, namesField, sampleOfSeed } from './hostile-input';
import { concretePath, operationsOf, sampleOf, type ApiOperation } from './openapi-operations';
import { operationHeaders, sampleQuery, type OperationCalls } from './required-fields-walk';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI documents and problems are read field by field
type Json = any;

export interface RestFuzz extends OperationCalls {
  readonly baseUrl: string;
  /** Hostile bodies per operation that takes one; hostile path and query values are a third of it. */
  readonly perOperation: number;
  readonly seed: number;
  /** Only these operations, by key; every operation of the document when left out. */
  readonly only?: readonly string[];
  /**
   * The calls carry no credentials (an unsigned webhook): each must be refused before its body is
   * validated — a 401, or a 4xx for a body that is no JSON at all — never tell what its fields lack.
   */
  readonly unauthenticated?: boolean;
}

export interface FuzzReport {
  /** How many hostile inputs were sent, per operation key. */
  readonly tried: Readonly<Record<string, number>>;
  readonly failures: readonly string[];
}

interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: Json;
}

interface Attempt {
  readonly description: string;
  /** The body field the refusal must name; undefined when any specific 4xx will do. */
  readonly field?: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
}

export async function fuzzRest(document: Json, fuzz: RestFuzz): Promise<FuzzReport> {
  const tried: Record<string, number> = {};
  const failures: string[] = [];
  for (const operation of operationsOf(document)) {
    if (fuzz.only && !fuzz.only.includes(operation.key)) continue;
    const attempts = attemptsFor(document, operation, fuzz);
    tried[operation.key] = attempts.length;
    for (const attempt of attempts) {
      const answer = await send(operation, attempt, fuzz);
      const failure = judge(answer, attempt, fuzz.unauthenticated === true);
      if (failure) failures.push(`${operation.key} ${attempt.description}: ${failure}`);
    }
  }
  return { tried, failures };
}

function attemptsFor(document: Json, operation: ApiOperation, fuzz: RestFuzz): Attempt[] {
  const path = concretePath(operation, fuzz.pathValues);
  const query = sampleQuery(operation);
  const attempts: Attempt[] = [];
  const textCount = Math.ceil(fuzz.perOperation / 3);
  const texts = sampleOfSeed(hostileTexts(), textCount, fuzz.seed);
  texts.forEach((text, index) => {
    const parameter = operation.pathParameters[index % Math.max(1, operation.pathParameters.length)];
    if (parameter !== undefined) {
      attempts.push({
        description: `with path parameter ${parameter} ${preview(text)}`,
        path: concretePath(operation, { ...fuzz.pathValues, [parameter]: text }),
        query,
      });
    }
    const queryParameter = operation.queryParameters[index % Math.max(1, operation.queryParameters.length)];
    if (queryParameter !== undefined) {
      attempts.push({
        description: `with query ${queryParameter.name}=${preview(text)}`,
        path,
        query: { ...query, [queryParameter.name]: text },
      });
    }
  });
  if (!operation.bodySchema) return attempts;

  const base = fuzz.samples?.[operation.key] ?? sampleOf(document, operation.bodySchema);
  for (const input of sampleOfSeed(hostileInputs(base), fuzz.perOperation, fuzz.seed)) {
    attempts.push({ description: input.description, field: input.field, path, query, body: hostileJson(input) });
  }
  const valid = JSON.stringify(base);
  const broken = sampleOfSeed(
    fc.oneof(
      // Never cut to nothing: no body at all is a request of its own, valid where the body is optional.
      fc.integer({ min: 1, max: Math.max(1, valid.length - 1) }).map((cut) => ({
        description: `cut short after ${cut} characters`,
        body: valid.slice(0, cut),
        contentType: 'application/json',
      })),
      fc.nat({ max: valid.length }).map((at) => ({
        description: `with the byte 0xff at ${at} (not UTF-8)`,
        body: Buffer.concat([Buffer.from(valid.slice(0, at)), Buffer.from([0xff]), Buffer.from(valid.slice(at))]),
        contentType: 'application/json',
      })),
      fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
        )
        .map((contentType) => ({ description: `sent as ${contentType}`, body: valid, contentType })),
    ),
    textCount,
    fuzz.seed,
  );
  for (const attempt of broken) attempts.push({ ...attempt, path, query });
  return attempts;
}

async function send(operation: ApiOperation, attempt: Attempt, calls: RestFuzz): Promise<RawAnswer> {
  const rawBody =
    attempt.body === undefined ? '' : typeof attempt.body === 'string' ? attempt.body : Buffer.from(attempt.body);
  const headers = operationHeaders(
    operation,
    calls,
    rawBody.toString(),
    attempt.body === undefined ? undefined : (attempt.contentType ?? 'application/json'),
  );
  const search = new URLSearchParams(attempt.query).toString();
  const response = await fetch(`${calls.baseUrl}${attempt.path}${search ? `?${search}` : ''}`, {
    method: operation.method,
    headers,
    body: attempt.body,
  });
  const text = await response.text();
  let body: Json = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Kept as text: the judgement says it is not a problem document.
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
}

/** Undefined when the answer is the specific refusal the attempt deserves; else what is wrong with it. */
function judge(answer: RawAnswer, attempt: Attempt, unauthenticated: boolean): string | undefined {
  const shown = `${answer.status} ${preview(JSON.stringify(answer.body) ?? '')}`;
  if (answer.status < 400 || answer.status >= 500) return `answered ${shown}`;
  if (!answer.contentType.startsWith('application/problem+json') || typeof answer.body?.type !== 'string') {
    return `answered ${shown} without a problem document`;
  }
  if (unauthenticated) {
    return answer.body.type.endsWith('/validation') ? `answered ${shown}: validated before authenticated` : undefined;
  }
  // The document itself of the wrong type is malformed JSON to the parser: any 400 names it.
  if (attempt.field === undefined || answer.status === 413 || (attempt.field === '' && answer.status === 400)) {
    return undefined;
  }
  const refused = (answer.body.errors ?? []).map((error: { field: string }) => error.field);
  if (answer.status !== 400 || !namesField(refused, attempt.field)) {
    return `answered ${shown}, not a 400 naming ${attempt.field || 'the body'}`;
  }
  return undefined;
}

function preview(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…(${text.length})` : text);
}
