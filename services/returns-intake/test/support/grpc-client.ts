/**
 * A real gRPC client for returns-intake, built from the proto the service serves and loaded the way the
 * service loads it, with the unary calls as promises; plus the means to compare its answers with REST's.
 */
import {
  Metadata,
  credentials,
  loadPackageDefinition,
  status,
  type GrpcObject,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { RETURNS_PROTO, RETURNS_PROTO_LOADER } from '../../src/bootstrap';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read decoded messages field by field
type Message = any;

const DEADLINE_MS = 10_000;

export interface ReturnsGrpcClient {
  previewReturn(request: object): Promise<Message>;
  /** `idempotencyKey` travels as the `idempotency-key` metadata entry. */
  createReturn(request: object, idempotencyKey?: string): Promise<Message>;
  getReturn(request: { returnId: string }): Promise<Message>;
  listReturns(request: object): Promise<Message>;
  close(): void;
}

/** How a call failed: the status by name (`INVALID_ARGUMENT`) and the status message. */
export interface GrpcFailure {
  readonly status: string;
  readonly message: string;
}

/** One client per test file, connected to the address once the world is up, closed after the last test. */
export function useReturnsGrpcClient(address: () => string): () => ReturnsGrpcClient {
  let client: ReturnsGrpcClient | undefined;
  beforeAll(() => {
    client = returnsGrpcClient(address());
  });
  afterAll(() => client?.close());
  return () => {
    if (!client) throw new Error('the gRPC client is not set up (useReturnsGrpcClient must be called inside describe)');
    return client;
  };
}

export function returnsGrpcClient(address: string): ReturnsGrpcClient {
  const loaded = loadPackageDefinition(loadSync(RETURNS_PROTO, { ...RETURNS_PROTO_LOADER }));
  const v1 = ['rebound', 'returns', 'v1'].reduce((scope, name) => scope[name] as GrpcObject, loaded);
  const ReturnsService = v1['ReturnsService'] as ServiceClientConstructor;
  const client = new ReturnsService(address, credentials.createInsecure());

  const unary = (method: string, request: object, metadata = new Metadata()): Promise<Message> =>
    new Promise((resolve, reject) => {
      client[method](request, metadata, { deadline: Date.now() + DEADLINE_MS }, (error: unknown, answer: Message) =>
        error ? reject(error) : resolve(answer),
      );
    });

  return {
    previewReturn: (request) => unary('PreviewReturn', request),
    createReturn: (request, idempotencyKey) => {
      const metadata = new Metadata();
      if (idempotencyKey !== undefined) metadata.set('idempotency-key', idempotencyKey);
      return unary('CreateReturn', request, metadata);
    },
    getReturn: (request) => unary('GetReturn', request),
    listReturns: (request) => unary('ListReturns', request),
    close: () => client.close(),
  };
}

/** The failure of a call that must fail; a call that answers fails the test, showing the answer. */
export async function grpcFailure(call: Promise<unknown>): Promise<GrpcFailure> {
  let answer: unknown;
  try {
    answer = await call;
  } catch (error) {
    const { code, details } = error as ServiceError;
    return { status: status[code], message: details };
  }
  throw new Error(`expected the call to fail, but it answered ${JSON.stringify(answer)}`);
}

/**
 * The fields a status message lists — it ends with `(field: message; field: message)` — each once,
 * sorted, to compare with the `errors[].field` of the REST problem.
 */
export function fieldsNamedIn(message: string): string[] {
  return uniqueSorted([...message.matchAll(/(?:\(|; )([A-Za-z][\w.[\]-]*): /g)].map((match) => match[1]));
}

export function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** A Return message with each timeline entry's `detailsJson` parsed back into REST's `details`. */
export function withDetailsParsed(message: Message): Message {
  if (!message.timeline) return message;
  return {
    ...message,
    timeline: message.timeline.map(({ detailsJson, ...entry }: Message) => ({
      ...entry,
      details: JSON.parse(detailsJson),
    })),
  };
}

/**
 * A REST body as gRPC carries it: protobuf has no null, so null fields are absent. Timeline `details`
 * stay whole: gRPC carries them as JSON text, nulls included.
 */
export function withoutNulls(value: unknown, key = ''): unknown {
  if (key === 'details') return value;
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== null)
      .map(([name, entry]) => [name, withoutNulls(entry, name)]),
  );
}
