/**
 * The fuzz suite's gRPC edge: each method called with hostile messages — a valid request with one
 * string made hostile (control characters, tens of thousands of characters) or one number pushed
 * beyond every bound — and with bytes that are no such message: random, cut short, or with garbage
 * after a valid one. A hostile field must be INVALID_ARGUMENT naming it; no call may end in UNKNOWN,
 * INTERNAL or another status that blames the server. What the service stored is the caller's to check.
 */
import { Client, Metadata, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync, type MethodDefinition, type ServiceDefinition } from '@grpc/proto-loader';
import fc from 'fast-check';
import type { FuzzReport } from './fuzz-rest';
import { fieldsNamedIn, type GrpcServiceRef } from './grpc-client';
import { hostileInputs, hostileJson, namesField, sampleOfSeed, type HostileInput } from './hostile-input';

const DEADLINE_MS = 10_000;

/** Statuses that say the server failed, not the caller: never the answer to bad input. */
const SERVER_FAULTS = new Set([
  status.UNKNOWN,
  status.INTERNAL,
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.DATA_LOSS,
]);

export interface GrpcMethodFuzz {
  /** A valid request, as the client passes it (camelCase). */
  readonly base: object;
  readonly metadata?: () => Record<string, string>;
}

export interface GrpcFuzz {
  readonly ref: GrpcServiceRef;
  readonly address: string;
  /** Metadata of the caller every call carries: its `authorization`. */
  readonly caller?: Readonly<Record<string, string>>;
  /** By method name as the proto has it (`CreateReturn`). */
  readonly methods: Readonly<Record<string, GrpcMethodFuzz>>;
  /** Hostile messages per method; as many hostile byte strings again. */
  readonly perMethod: number;
  readonly seed: number;
}

/** How a raw call ended: its status, and the status message (`answered` for OK). */
export interface RawGrpcOutcome {
  readonly code: status;
  readonly details: string;
}

export async function fuzzGrpc(fuzz: GrpcFuzz): Promise<FuzzReport> {
  const definition = loadSync(fuzz.ref.protoPath, { ...fuzz.ref.loader })[fuzz.ref.service] as ServiceDefinition;
  const client = new Client(fuzz.address, credentials.createInsecure());
  const tried: Record<string, number> = {};
  const failures: string[] = [];
  try {
    for (const [name, method] of Object.entries(fuzz.methods)) {
      const rpc = definition[name] as MethodDefinition<object, unknown> | undefined;
      if (!rpc) throw new Error(`${fuzz.ref.service} has no method ${name}`);
      const call = (bytes: Buffer) => callRaw(client, rpc.path, bytes, { ...fuzz.caller, ...method.metadata?.() });
      let count = 0;
      for (const input of sampleOfSeed(survivesProtobuf(method.base), fuzz.perMethod, fuzz.seed)) {
        let bytes: Buffer;
        try {
          bytes = rpc.requestSerialize(JSON.parse(hostileJson(input)));
        } catch {
          continue; // a value protobuf cannot even carry is not sent
        }
        count += 1;
        const outcome = await call(bytes);
        if (outcome.code !== status.INVALID_ARGUMENT || !namesField(fieldsNamedIn(outcome.details), input.field)) {
          failures.push(`${name} ${input.description}: ${status[outcome.code]} ${outcome.details.slice(0, 200)}`);
        }
      }
      const valid = rpc.requestSerialize(method.base);
      const undecodable = brokenBytes(valid).filter((bytes) => !decodes(rpc, bytes));
      for (const bytes of sampleOfSeed(undecodable, fuzz.perMethod, fuzz.seed)) {
        count += 1;
        const outcome = await call(bytes);
        if (SERVER_FAULTS.has(outcome.code)) {
          failures.push(
            `${name} bytes ${bytes.toString('hex').slice(0, 80)}: ${status[outcome.code]} ${outcome.details}`,
          );
        }
      }
      tried[name] = count;
    }
  } finally {
    client.close();
  }
  return { tried, failures };
}

/**
 * Hostile fields protobuf carries as they are: strings, and numbers beyond every bound. (A value of
 * another type is converted or dropped by the encoder, and a prototype-named key is no field.)
 */
function survivesProtobuf(base: object): fc.Arbitrary<HostileInput> {
  return hostileInputs(base, ['control-character', 'too-long', 'extreme-number']);
}

/**
 * Bytes that are no valid message: random, a valid one cut short, or one with garbage after it —
 * those that still decode (a cut at a field's end, garbage that reads as an unknown field) left out.
 */
function brokenBytes(valid: Buffer): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.integer({ min: 1, max: Math.max(1, valid.length - 1) }).map((cut) => valid.subarray(0, cut)),
    fc.uint8Array({ minLength: 1, maxLength: 50 }).map((tail) => Buffer.concat([valid, Buffer.from(tail)])),
  );
}

function decodes(rpc: MethodDefinition<object, unknown>, bytes: Buffer): boolean {
  try {
    rpc.requestDeserialize(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Sends `bytes` as the request of the method at `path`, whatever they decode to, with `entries` as metadata. */
export function callRaw(
  client: Client,
  path: string,
  bytes: Buffer,
  entries: Readonly<Record<string, string>>,
): Promise<RawGrpcOutcome> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (request: Buffer) => request,
      (answer: Buffer) => answer,
      bytes,
      metadata,
      { deadline: Date.now() + DEADLINE_MS },
      (error: ServiceError | null) =>
        resolve(error ? { code: error.code, details: error.details } : { code: status.OK, details: 'answered' }),
    );
  });
}
