/**
 * A real gRPC client for a service's test, built from the proto the service serves and loaded the way
 * the service loads it, with unary calls as promises; plus the means to compare its answers and
 * refusals with REST's.
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
import { loadSync, type Options } from '@grpc/proto-loader';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read decoded messages field by field
type Message = any;

const DEADLINE_MS = 10_000;

export interface GrpcTestClient {
  /** `method` as the proto names it (`GetStock`); metadata entries as given, over the client's defaults. */
  call(method: string, request: object, metadata?: Record<string, string>): Promise<Message>;
  close(): void;
}

export interface GrpcServiceRef {
  readonly protoPath: string;
  readonly loader: Options;
  /** Fully qualified, e.g. `rebound.inventory.v1.InventoryService`. */
  readonly service: string;
}

/** `defaultMetadata` (a caller's `authorization`, say) goes with every call unless the call sets its own. */
export function grpcTestClient(
  ref: GrpcServiceRef,
  address: string,
  defaultMetadata: Record<string, string> = {},
): GrpcTestClient {
  const loaded = loadPackageDefinition(loadSync(ref.protoPath, { ...ref.loader }));
  const path = ref.service.split('.');
  const Service = path.reduce<unknown>(
    (scope, name) => (scope as GrpcObject)[name],
    loaded,
  ) as ServiceClientConstructor;
  const client = new Service(address, credentials.createInsecure());
  return {
    call: (method, request, entries = {}) =>
      new Promise((resolve, reject) => {
        const metadata = new Metadata();
        for (const [key, value] of Object.entries({ ...defaultMetadata, ...entries })) metadata.set(key, value);
        const lowerFirst = method.charAt(0).toLowerCase() + method.slice(1);
        client[lowerFirst](
          request,
          metadata,
          { deadline: Date.now() + DEADLINE_MS },
          (error: unknown, answer: Message) => (error ? reject(error) : resolve(answer)),
        );
      }),
    close: () => client.close(),
  };
}

/** How a call failed: the status by name (`INVALID_ARGUMENT`) and the status message. */
export interface GrpcFailure {
  readonly status: string;
  readonly message: string;
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

/**
 * A REST body as gRPC carries it: protobuf has no null, so null fields are absent. Values under
 * `opaque` keys (JSON text over gRPC) are kept whole.
 */
export function asGrpcCarries(value: unknown, opaque: readonly string[] = [], key = ''): unknown {
  if (opaque.includes(key)) return value;
  if (Array.isArray(value)) return value.map((item) => asGrpcCarries(item, opaque));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== null)
      .map(([name, entry]) => [name, asGrpcCarries(entry, opaque, name)]),
  );
}
