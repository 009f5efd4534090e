/**
 * Walks every operation of a running service's OpenAPI document and leaves out each required field
 * in turn — body fields at any depth, required query parameters — expecting a 400 that names it,
 * over REST and over the operation's gRPC twin. A new endpoint is walked the day it is declared, so
 * a field the domain needs can never again be missing at the edge and end in a 500.
 */
import { randomUUID } from 'node:crypto';
import type { GrpcFailure } from './grpc-client';
import { grpcFailure } from './grpc-client';
import {
  concretePath,
  operationsOf,
  requiredFieldPaths,
  sampleOf,
  withoutField,
  type ApiOperation,
} from './openapi-operations';
import type { JsonAnswer, JsonHttp } from './service-ground';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI documents are read field by field
type Json = any;

export interface OperationCalls {
  /** Path parameter values by name; a fresh UUID for the others. */
  readonly pathValues?: Readonly<Record<string, string>>;
  /** Headers of the caller every call carries: its `authorization`. */
  readonly caller?: Readonly<Record<string, string>>;
  /** Headers a request needs besides its JSON ones, such as a webhook's signature over the raw body. */
  readonly headers?: (operation: ApiOperation, rawBody: string) => Record<string, string>;
  /** A body for operations whose schema alone cannot give a valid one, by key (`PUT /v1/policy`). */
  readonly samples?: Readonly<Record<string, unknown>>;
}

export interface RequiredFieldsWalk extends OperationCalls {
  /** gRPC twins of REST operations by key: the call with a body as REST takes it. */
  readonly grpcTwins?: Readonly<Record<string, (body: object) => Promise<unknown>>>;
}

export interface WalkResult {
  /** Fields left out, over REST and gRPC. */
  readonly checked: number;
  /** What went wrong, one line each; empty when every field was named. */
  readonly failures: readonly string[];
}

export async function walkRequiredFields(
  http: JsonHttp,
  document: Json,
  walk: RequiredFieldsWalk = {},
): Promise<WalkResult> {
  const failures: string[] = [];
  let checked = 0;
  for (const operation of operationsOf(document)) {
    const query = sampleQuery(operation);
    const body = operation.bodySchema && (walk.samples?.[operation.key] ?? sampleOf(document, operation.bodySchema));
    const call = (withBody: unknown, withQuery: Record<string, string>) =>
      callOperation(http, operation, withBody, withQuery, walk);

    const whole = await call(body, query);
    if (isValidationProblem(whole)) {
      failures.push(
        `${operation.key}: the sample built from its schema is refused (${describe(whole)}); give those fields examples`,
      );
      continue;
    }
    for (const field of body === undefined ? [] : requiredFieldPaths(document, operation.bodySchema)) {
      checked += 1;
      const answer = await call(withoutField(body, field), query);
      if (!namesRequired(answer, field)) failures.push(`${operation.key} without ${field}: ${describe(answer)}`);
      const twin = walk.grpcTwins?.[operation.key];
      if (twin) {
        checked += 1;
        const refused = await grpcFailure(twin(withoutField(body, field) as object)).catch((error: Error) => ({
          status: 'ANSWERED',
          message: error.message,
        }));
        if (!grpcNames(refused, field))
          failures.push(`gRPC twin of ${operation.key} without ${field}: ${refused.status} ${refused.message}`);
      }
    }
    for (const parameter of operation.queryParameters.filter((candidate) => candidate.required)) {
      checked += 1;
      const { [parameter.name]: _left, ...rest } = query;
      const answer = await call(body, rest);
      if (!namesRequired(answer, parameter.name)) {
        failures.push(`${operation.key} without query ${parameter.name}: ${describe(answer)}`);
      }
    }
  }
  return { checked, failures };
}

/** Calls an operation with a body (sent as raw JSON) and query, filling in its path and required headers. */
export function callOperation(
  http: JsonHttp,
  operation: ApiOperation,
  body: unknown,
  query: Record<string, string> = {},
  calls: OperationCalls = {},
  rawBody: string | undefined = body === undefined ? undefined : JSON.stringify(body),
): Promise<JsonAnswer> {
  // Lower case throughout, so a header the caller gives replaces the placeholder of the same name.
  const headers = operationHeaders(operation, calls, rawBody, rawBody === undefined ? undefined : 'application/json');
  const search = new URLSearchParams(query).toString();
  return http(
    operation.method,
    `${concretePath(operation, calls.pathValues)}${search ? `?${search}` : ''}`,
    rawBody,
    headers,
  );
}

/**
 * An operation's headers: a placeholder for each it requires, the body's content type, the caller's,
 * and those the operation needs (a webhook's signature over `rawBody`), all in lower case so that the caller's replace
 * the placeholders.
 */
export function operationHeaders(
  operation: ApiOperation,
  calls: OperationCalls,
  rawBody: string | undefined,
  contentType: string | undefined,
): Record<string, string> {
  return {
    ...Object.fromEntries(operation.requiredHeaders.map((name) => [name.toLowerCase(), randomUUID()])),
    ...(contentType !== undefined && { 'content-type': contentType }),
    ...calls.caller,
    ...Object.fromEntries(
      Object.entries(calls.headers?.(operation, rawBody ?? '') ?? {}).map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    ),
  };
}

/** A value for each required query parameter (its example, default or least value). */
export function sampleQuery(operation: ApiOperation): Record<string, string> {
  return Object.fromEntries(
    operation.queryParameters
      .filter((parameter) => parameter.required)
      .map((parameter) => [parameter.name, String(sampleOf({}, parameter.schema))]),
  );
}

function isValidationProblem(answer: JsonAnswer): boolean {
  return answer.status === 400 && answer.body?.type === 'https://rebound.dev/problems/validation';
}

function namesRequired(answer: JsonAnswer, field: string): boolean {
  return (
    answer.status === 400 &&
    (answer.body?.errors ?? []).some((error: Json) => error.field === field && error.message === 'is required')
  );
}

/** Protobuf cannot tell an absent list from an empty one, so the twin need only name the field. */
function grpcNames(refused: GrpcFailure, field: string): boolean {
  return refused.status === 'INVALID_ARGUMENT' && refused.message.includes(`${field}: `);
}

function describe(answer: JsonAnswer): string {
  return `${answer.status} ${JSON.stringify(answer.body?.errors ?? answer.body?.detail ?? answer.body)}`;
}
