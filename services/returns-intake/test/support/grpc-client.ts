/**
 * A real gRPC client for returns-intake, built from the proto the service serves and loaded the way the
 * service loads it, with the unary calls as promises; plus the means to compare its answers with REST's.
 */
import { PROTO_LOADER_OPTIONS } from '@rebound/http';
import { asGrpcCarries, grpcTestClient } from '@rebound/testing';
import { RETURNS_PROTO } from '../../src/bootstrap';
import type { IntakeWorld } from './intake-world';

export { fieldsNamedIn, grpcFailure, uniqueSorted } from '@rebound/testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read decoded messages field by field
type Message = any;

export interface ReturnsGrpcClient {
  previewReturn(request: object): Promise<Message>;
  /** `idempotencyKey` travels as the `idempotency-key` metadata entry. */
  createReturn(request: object, idempotencyKey?: string): Promise<Message>;
  getReturn(request: { returnId: string }): Promise<Message>;
  listReturns(request: object): Promise<Message>;
  close(): void;
}

/**
 * One client per test file, connected to the world's service once it is up as its trusted caller,
 * closed after the last test.
 */
export function useReturnsGrpcClient(world: () => IntakeWorld): () => ReturnsGrpcClient {
  let client: ReturnsGrpcClient | undefined;
  beforeAll(() => {
    client = returnsGrpcClient(world().app.grpcAddress, world().trustedCaller);
  });
  afterAll(() => client?.close());
  return () => {
    if (!client) throw new Error('the gRPC client is not set up (useReturnsGrpcClient must be called inside describe)');
    return client;
  };
}

/** `caller`: metadata every call carries, its `authorization` above all. */
export function returnsGrpcClient(address: string, caller: Record<string, string>): ReturnsGrpcClient {
  const client = grpcTestClient(
    { protoPath: RETURNS_PROTO, loader: PROTO_LOADER_OPTIONS, service: 'rebound.returns.v1.ReturnsService' },
    address,
    caller,
  );
  return {
    previewReturn: (request) => client.call('PreviewReturn', request),
    createReturn: (request, idempotencyKey) =>
      client.call('CreateReturn', request, idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
    getReturn: (request) => client.call('GetReturn', request),
    listReturns: (request) => client.call('ListReturns', request),
    close: () => client.close(),
  };
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
export function withoutNulls(value: unknown): unknown {
  return asGrpcCarries(value, ['details']);
}
