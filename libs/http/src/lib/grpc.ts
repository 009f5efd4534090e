/**
 * gRPC twins of the REST APIs decode messages alike and answer failures the way REST does, as gRPC
 * statuses: a validation error is INVALID_ARGUMENT with every bad field in the message, and a
 * problem carries the status its HTTP code maps to.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { MethodDefinition, PackageDefinition } from '@grpc/proto-loader';
import { RpcException } from '@nestjs/microservices';
import { DomainError } from '@rebound/kernel';
import { isTransientDatabaseError } from '@rebound/persistence';
import { ProblemException } from './problem-details';
import { UndecodableMessage } from './undecodable-message';
import { InputValidationError } from './validation';

/**
 * How every service decodes gRPC messages (camelCase fields, int64 as numbers, enums as strings, no
 * defaults for absent fields); a client that decodes the same way sees the same shapes.
 */
export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: false,
  arrays: true,
  oneofs: false,
} as const;

/**
 * Nest's `onLoadPackageDefinition` hook: every method's request deserializer answers an
 * UndecodableMessage for bytes that are not its message, rather than throwing.
 */
export function refuseUndecodableMessages(definition: PackageDefinition): void {
  for (const { method } of methodsOf(definition)) {
    const decode = method.requestDeserialize;
    const type = (method.requestType.type as { name?: string }).name ?? method.path;
    method.requestDeserialize = (bytes) => {
      try {
        return decode(bytes);
      } catch (error) {
        return new UndecodableMessage(type, (error as Error).message);
      }
    };
  }
}

/** Every method of every service a loaded package defines, with the service's name and its own. */
export function* methodsOf(
  definition: PackageDefinition,
): Generator<{ service: string; name: string; method: MethodDefinition<unknown, unknown> }> {
  for (const [qualified, entry] of Object.entries(definition)) {
    if ('format' in entry) continue; // a message or enum type, not a service
    const service = qualified.slice(qualified.lastIndexOf('.') + 1);
    for (const [name, method] of Object.entries(entry as Record<string, MethodDefinition<unknown, unknown>>)) {
      yield { service, name, method };
    }
  }
}

const HTTP_TO_GRPC: Readonly<Record<number, GrpcStatus>> = {
  400: GrpcStatus.INVALID_ARGUMENT,
  404: GrpcStatus.NOT_FOUND,
  409: GrpcStatus.ALREADY_EXISTS,
  422: GrpcStatus.FAILED_PRECONDITION,
  503: GrpcStatus.UNAVAILABLE,
};

/**
 * Runs a gRPC method's work; validation errors, use cases' refusals and problems become
 * RpcExceptions with the status their HTTP code maps to; a database that was unreachable or too slow
 * is UNAVAILABLE (a caller may try again, as REST's 503); anything else is rethrown as it is.
 */
export async function grpcCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InputValidationError) {
      throw rpcError(GrpcStatus.INVALID_ARGUMENT, error.problem.detail, error.errors);
    }
    if (error instanceof DomainError) throw grpcErrorOf(ProblemException.fromDomainError(error));
    if (error instanceof ProblemException) throw grpcErrorOf(error);
    if (isTransientDatabaseError(error)) {
      throw rpcError(GrpcStatus.UNAVAILABLE, 'the service could not complete the call in time; try again shortly', []);
    }
    throw error;
  }
}

function grpcErrorOf(problem: ProblemException): RpcException {
  return rpcError(
    HTTP_TO_GRPC[problem.getStatus()] ?? GrpcStatus.INTERNAL,
    problem.problem.detail,
    problem.problem.errors ?? [],
  );
}

/** Longer status messages than this are cut: they travel as a header, and a caller's input may be echoed in them. */
const MAX_STATUS_MESSAGE = 2000;

/**
 * The message lists every bad field as `field: message`, like the REST problem's `errors`; control
 * characters become spaces, since a status message is a header.
 */
export function rpcError(
  code: GrpcStatus,
  detail: string,
  problems: readonly { field: string; message: string }[],
): RpcException {
  const fields = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  const message = (fields ? `${detail} (${fields})` : detail).replace(/\p{Cc}/gu, ' ');
  return new RpcException({ code, message: message.slice(0, MAX_STATUS_MESSAGE) });
}

/** Protobuf has no null: fields that are null are left out. */
export function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null)) as T;
}
