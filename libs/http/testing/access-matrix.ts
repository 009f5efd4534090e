/**
 * The authorisation matrix: every operation of a service — each REST operation of its OpenAPI
 * document, each method of its gRPC service as the proto file declares it — called as six callers:
 * none, an expired token, a token signed by a key the issuer never published, a token for another
 * audience, a token with every permission but the one the operation requires, a token with only
 * that one, and a customer's own token with it. The first four must be refused as unauthenticated
 * (401 problem with `WWW-Authenticate`; UNAUTHENTICATED), the fifth as lacking that permission (403
 * naming it; PERMISSION_DENIED), the sixth must get past the gate, and the customer's only where the
 * operation is open to customers (`x-customers: own`). An operation that declares no permission —
 * and is not on the service's short list of open ones — is a failure, so a new operation cannot
 * ship unguarded.
 */
import { Client, credentials, status } from '@grpc/grpc-js';
import { loadSync, type MethodDefinition, type ServiceDefinition } from '@grpc/proto-loader';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { PERMISSIONS } from '@rebound/contracts';
import {
  callRaw,
  concretePath,
  operationsOf,
  sampleQuery,
  type ApiOperation,
  type GrpcServiceRef,
  type RawGrpcOutcome,
  type TestIssuer,
  type TestTokenClaims,
} from '@rebound/testing';
import { ACCESS_RULE, type AccessRule } from '../src/lib/access/access-rule.decorator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI documents and problems are read field by field
type Json = any;

type Outcome = 'unauthenticated' | 'forbidden' | 'admitted';

interface GuardedRule {
  readonly permission: string;
  readonly customers?: string;
}

type DeclaredRule = GuardedRule | { readonly open: string };

interface AccessCase {
  readonly caller: string;
  /** The token's claims; no token at all when undefined. */
  readonly claims?: (rule: GuardedRule) => TestTokenClaims;
  readonly expected: (rule: GuardedRule) => Outcome;
  /** What a 403 must name. */
  readonly refusalNames?: (rule: GuardedRule) => string;
}

const CASES: readonly AccessCase[] = [
  { caller: 'no token', expected: () => 'unauthenticated' },
  {
    caller: 'an expired token',
    claims: ({ permission }) => ({ permissions: [permission], expiresIn: -120 }),
    expected: () => 'unauthenticated',
  },
  {
    caller: 'a token signed by another key',
    claims: ({ permission }) => ({ permissions: [permission], foreignKey: true }),
    expected: () => 'unauthenticated',
  },
  {
    caller: 'a token for another audience',
    claims: ({ permission }) => ({ permissions: [permission], audience: 'another-api' }),
    expected: () => 'unauthenticated',
  },
  {
    caller: 'a token lacking the permission',
    claims: ({ permission }) => ({ permissions: PERMISSIONS.filter((held) => held !== permission) }),
    expected: () => 'forbidden',
    refusalNames: ({ permission }) => permission,
  },
  {
    caller: 'a token with only the permission',
    claims: ({ permission }) => ({ permissions: [permission] }),
    expected: () => 'admitted',
  },
  {
    caller: "a customer's own token with the permission",
    claims: ({ permission }) => ({ permissions: [permission], customerId: 'matrix-customer' }),
    // Admitted where customers may act on their own records; the operation then shows them nothing else.
    expected: ({ customers }) => (customers === 'own' ? 'admitted' : 'forbidden'),
    refusalNames: () => 'customer',
  },
];

export interface AccessMatrixReport {
  /** How many calls were made, each judged. */
  readonly calls: number;
  /** Every operation with the permission it requires (or `open: why`), for the test's output. */
  readonly operations: Readonly<Record<string, string>>;
  readonly failures: readonly string[];
}

/** Prints what the matrix called (operations and their permissions) and expects every call judged as declared. */
export async function expectAccessHolds(edge: string, matrix: Promise<AccessMatrixReport>): Promise<void> {
  const report = await matrix;
  console.log(
    `${edge}: ${report.calls} calls over ${Object.keys(report.operations).length} operations`,
    report.operations,
  );
  expect(report.failures).toEqual([]);
  expect(report.calls).toBeGreaterThan(0);
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
      ? { permission: operation.permission, customers: operation.customers }
      : operation.open
        ? { open: operation.open }
        : undefined;
    if (!report.declared(operation.key, rule, matrix.open ?? [])) continue;
    for (const access of CASES) {
      const token = access.claims && (await matrix.issuer.token(access.claims(rule)));
      const answer = await callRest(matrix.baseUrl, operation, matrix.pathValues ?? {}, token);
      report.judge(operation.key, access, rule, restOutcome(answer));
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
      for (const access of CASES) {
        const token = access.claims && (await matrix.issuer.token(access.claims(rule)));
        // No field set: a guarded method must refuse the caller before it judges the message.
        const answer = await callRaw(
          client,
          rpc.path,
          Buffer.alloc(0),
          token ? { authorization: `Bearer ${token}` } : {},
        );
        report.judge(key, access, rule, grpcOutcome(answer));
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
  declared(key: string, rule: DeclaredRule | undefined, expectedOpen: readonly string[]): rule is GuardedRule {
    if (!rule) {
      this.failures.push(`${key} declares no permission`);
      return false;
    }
    if ('open' in rule) {
      this.operations[key] = `open: ${rule.open}`;
      if (!expectedOpen.includes(key)) this.failures.push(`${key} is open (${rule.open}) but not listed as such`);
      return false;
    }
    this.operations[key] = rule.customers ? `${rule.permission} (customers: ${rule.customers})` : rule.permission;
    return true;
  }

  judge(key: string, access: AccessCase, rule: GuardedRule, outcome: { kind: Outcome | 'other'; said: string }): void {
    this.calls += 1;
    const expected = access.expected(rule);
    const named = expected === 'forbidden' ? access.refusalNames?.(rule) : undefined;
    if (outcome.kind !== expected || (named !== undefined && !outcome.said.includes(named))) {
      const what = named === undefined ? expected : `${expected} naming ${named}`;
      this.failures.push(`${key} (${rule.permission}) with ${access.caller}: expected ${what}, got ${outcome.said}`);
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

function restOutcome(answer: RestAnswer): { kind: Outcome | 'other'; said: string } {
  const said = `${answer.status} ${typeof answer.body?.detail === 'string' ? answer.body.detail : ''}`.trim();
  const problem = answer.contentType.startsWith('application/problem+json');
  if (answer.status === 401 && problem && answer.wwwAuthenticate.startsWith('Bearer')) {
    return { kind: 'unauthenticated', said };
  }
  if (answer.status === 403 && problem) return { kind: 'forbidden', said };
  if (answer.status !== 401 && answer.status !== 403 && answer.status < 500) return { kind: 'admitted', said };
  return { kind: 'other', said };
}

const SERVER_FAULTS = new Set([status.UNKNOWN, status.INTERNAL, status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

function grpcOutcome(answer: RawGrpcOutcome): { kind: Outcome | 'other'; said: string } {
  const said = `${status[answer.code]} ${answer.details}`;
  if (answer.code === status.UNAUTHENTICATED) return { kind: 'unauthenticated', said };
  if (answer.code === status.PERMISSION_DENIED) return { kind: 'forbidden', said };
  if (!SERVER_FAULTS.has(answer.code)) return { kind: 'admitted', said };
  return { kind: 'other', said };
}

/** Each gRPC method's rule, by `Service/Method`, from the `@GrpcMethod` and `@Requires` decorators of the controllers. */
function declaredRules(controllers: GrpcAccessMatrix['controllers']): Map<string, DeclaredRule | undefined> {
  const rules = new Map<string, DeclaredRule | undefined>();
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
