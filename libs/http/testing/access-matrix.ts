/**
 * The authorisation matrix: every operation of a service — each REST operation of its OpenAPI
 * document, each method of its gRPC service as the proto file declares it — called as six callers:
 * none, an expired token, a token signed by a key the issuer never published, a token for another
 * audience, a token with every permission but the one the operation requires, and a token with only
 * that one. The first four must be refused as unauthenticated (401 problem with `WWW-Authenticate`;
 * UNAUTHENTICATED), the fifth as lacking that permission (403 naming it; PERMISSION_DENIED), the
 * last must get past the gate. An operation that declares no permission — and is not on the
 * service's short list of open ones — is a failure, so a new operation cannot ship unguarded.
 */
import { Client, Metadata, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync, type MethodDefinition, type ServiceDefinition } from '@grpc/proto-loader';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { PERMISSIONS } from '@rebound/contracts';
import {
  concretePath,
  operationsOf,
  sampleQuery,
  type ApiOperation,
  type GrpcServiceRef,
  type TestIssuer,
  type TestTokenClaims,
} from '@rebound/testing';
import { ACCESS_RULE, type AccessRule } from '../src/lib/access/access-rule.decorator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI documents and problems are read field by field
type Json = any;

type Outcome = 'unauthenticated' | 'forbidden' | 'admitted';

type DeclaredRule = { readonly permission: string } | { readonly open: string };

interface AccessCase {
  readonly caller: string;
  /** The token's claims; no token at all when undefined. */
  readonly claims?: (permission: string) => TestTokenClaims;
  readonly expected: Outcome;
}

const CASES: readonly AccessCase[] = [
  { caller: 'no token', expected: 'unauthenticated' },
  {
    caller: 'an expired token',
    claims: (permission) => ({ permissions: [permission], expiresIn: -120 }),
    expected: 'unauthenticated',
  },
  {
    caller: 'a token signed by another key',
    claims: (permission) => ({ permissions: [permission], foreignKey: true }),
    expected: 'unauthenticated',
  },
  {
    caller: 'a token for another audience',
    claims: (permission) => ({ permissions: [permission], audience: 'another-api' }),
    expected: 'unauthenticated',
  },
  {
    caller: 'a token lacking the permission',
    claims: (permission) => ({ permissions: PERMISSIONS.filter((held) => held !== permission) }),
    expected: 'forbidden',
  },
  {
    caller: 'a token with only the permission',
    claims: (permission) => ({ permissions: [permission] }),
    expected: 'admitted',
  },
];

export interface AccessMatrixReport {
  /** How many calls were made, each judged. */
  readonly calls: number;
  /** Every operation with the permission it requires (or `open: why`), for the test's output. */
  readonly operations: Readonly<Record<string, string>>;
  readonly failures: readonly string[];
}

export interface RestAccessMatrix {
  readonly baseUrl: string;
  readonly issuer: TestIssuer;
  /** The operations (by key) that ask for no bearer token on purpose. */
  readonly open?: readonly string[];
  readonly pathValues?: Readonly<Record<string, string>>;
}

export async function restAccessMatrix(document: Json, matrix: RestAccessMatrix): Promise<AccessMatrixReport> {
  const report = new MatrixReport();
  for (const operation of operationsOf(document)) {
    const rule: DeclaredRule | undefined = operation.permission
      ? { permission: operation.permission }
      : operation.open
        ? { open: operation.open }
        : undefined;
    if (!report.declared(operation.key, rule, matrix.open ?? [])) continue;
    const permission = operation.permission as string;
    for (const access of CASES) {
      const token = access.claims && (await matrix.issuer.token(access.claims(permission)));
      const answer = await callRest(matrix.baseUrl, operation, matrix.pathValues ?? {}, token);
      report.judge(operation.key, access, permission, restOutcome(answer, permission));
    }
  }
  return report.done();
}

export interface GrpcAccessMatrix {
  readonly ref: GrpcServiceRef;
  readonly address: string;
  readonly issuer: TestIssuer;
  /** The classes serving the methods, whose `@Requires` declarations say what each requires. */
  readonly controllers: readonly (new (...args: never[]) => unknown)[];
}

export async function grpcAccessMatrix(matrix: GrpcAccessMatrix): Promise<AccessMatrixReport> {
  const definition = loadSync(matrix.ref.protoPath, { ...matrix.ref.loader })[matrix.ref.service] as ServiceDefinition;
  const rules = declaredRules(matrix.controllers);
  const serviceName = matrix.ref.service.split('.').pop() as string;
  const client = new Client(matrix.address, credentials.createInsecure());
  const report = new MatrixReport();
  try {
    for (const [method, rpc] of Object.entries(definition) as [string, MethodDefinition<object, unknown>][]) {
      const key = `${serviceName}/${method}`;
      const rule = rules.get(key);
      // No gRPC method is open: orchestrators probe over HTTP.
      if (!report.declared(key, rule, [])) continue;
      const permission = (rule as { permission: string }).permission;
      for (const access of CASES) {
        const token = access.claims && (await matrix.issuer.token(access.claims(permission)));
        const answer = await callGrpc(client, rpc.path, token);
        report.judge(key, access, permission, grpcOutcome(answer, permission));
      }
    }
  } finally {
    client.close();
  }
  return report.done();
}

class MatrixReport {
  private calls = 0;
  private readonly operations: Record<string, string> = {};
  private readonly failures: string[] = [];

  /** Whether the operation requires a permission, to be called; an undeclared or unexpectedly open one fails. */
  declared(key: string, rule: DeclaredRule | undefined, expectedOpen: readonly string[]): boolean {
    if (!rule) {
      this.failures.push(`${key} declares no permission`);
      return false;
    }
    if ('open' in rule) {
      this.operations[key] = `open: ${rule.open}`;
      if (!expectedOpen.includes(key)) this.failures.push(`${key} is open (${rule.open}) but not listed as such`);
      return false;
    }
    this.operations[key] = rule.permission;
    return true;
  }

  judge(key: string, access: AccessCase, permission: string, outcome: { kind: Outcome | 'other'; said: string }): void {
    this.calls += 1;
    if (outcome.kind !== access.expected) {
      this.failures.push(
        `${key} (${permission}) with ${access.caller}: expected ${access.expected}, got ${outcome.said}`,
      );
    }
  }

  done(): AccessMatrixReport {
    return { calls: this.calls, operations: this.operations, failures: this.failures };
  }
}

interface RestAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly wwwAuthenticate: string;
  readonly body: Json;
}

async function callRest(
  baseUrl: string,
  operation: ApiOperation,
  pathValues: Readonly<Record<string, string>>,
  token: string | undefined,
): Promise<RestAnswer> {
  const search = new URLSearchParams(sampleQuery(operation)).toString();
  const response = await fetch(`${baseUrl}${concretePath(operation, pathValues)}${search ? `?${search}` : ''}`, {
    method: operation.method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(operation.bodySchema && { 'content-type': 'application/json' }),
    },
    // An empty object: a guarded operation must refuse the caller before it judges the body.
    body: operation.bodySchema ? '{}' : undefined,
  });
  const text = await response.text();
  let body: Json;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    wwwAuthenticate: response.headers.get('www-authenticate') ?? '',
    body,
  };
}

function restOutcome(answer: RestAnswer, permission: string): { kind: Outcome | 'other'; said: string } {
  const said = `${answer.status} ${typeof answer.body?.detail === 'string' ? answer.body.detail : ''}`.trim();
  const problem = answer.contentType.startsWith('application/problem+json');
  if (answer.status === 401 && problem && answer.wwwAuthenticate.startsWith('Bearer')) {
    return { kind: 'unauthenticated', said };
  }
  if (answer.status === 403 && problem && String(answer.body?.detail).includes(permission)) {
    return { kind: 'forbidden', said };
  }
  if (answer.status !== 401 && answer.status !== 403 && answer.status < 500) return { kind: 'admitted', said };
  return { kind: 'other', said };
}

interface GrpcAnswer {
  readonly code: status;
  readonly details: string;
}

function callGrpc(client: Client, path: string, token: string | undefined): Promise<GrpcAnswer> {
  const metadata = new Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (request: Buffer) => request,
      (answer: Buffer) => answer,
      // No field set: a guarded method must refuse the caller before it judges the message.
      Buffer.alloc(0),
      metadata,
      { deadline: Date.now() + 10_000 },
      (error: ServiceError | null) =>
        resolve(error ? { code: error.code, details: error.details } : { code: status.OK, details: 'answered' }),
    );
  });
}

const SERVER_FAULTS = new Set([status.UNKNOWN, status.INTERNAL, status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

function grpcOutcome(answer: GrpcAnswer, permission: string): { kind: Outcome | 'other'; said: string } {
  const said = `${status[answer.code]} ${answer.details}`;
  if (answer.code === status.UNAUTHENTICATED) return { kind: 'unauthenticated', said };
  if (answer.code === status.PERMISSION_DENIED && answer.details.includes(permission))
    return { kind: 'forbidden', said };
  if (answer.code !== status.PERMISSION_DENIED && !SERVER_FAULTS.has(answer.code)) return { kind: 'admitted', said };
  return { kind: 'other', said };
}

/** Each gRPC method's rule, by `Service/Method`, from the `@GrpcMethod` and `@Requires` decorators of the controllers. */
function declaredRules(controllers: GrpcAccessMatrix['controllers']): Map<string, AccessRule | undefined> {
  const rules = new Map<string, AccessRule | undefined>();
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const patterns = (Reflect.getMetadata(PATTERN_METADATA, handler) ?? []) as { service?: string; rpc?: string }[];
      const rule = (Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, controller)) as
        AccessRule | undefined;
      for (const pattern of patterns)
        if (pattern.service && pattern.rpc) rules.set(`${pattern.service}/${pattern.rpc}`, rule);
    }
  }
  return rules;
}
