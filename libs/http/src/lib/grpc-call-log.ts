/**
 * Every gRPC call is a unit of work, like an HTTP request (request-work-context.ts): a caller's W3C
 * `traceparent` metadata is continued, else the call starts a trace, and its log lines and the
 * events it writes carry that trace. Once answered it writes one info line: the method, the gRPC
 * status, the duration in ms, the trace id and the return id where there is one (the request's
 * `returnId`, else the answer's). `connectGrpcServer` installs it.
 */
import { CallHandler, ExecutionContext, INestApplication, NestInterceptor } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { MicroserviceOptions, NestMicroservice, RpcException, Transport } from '@nestjs/microservices';
import { status as GrpcStatus, type Metadata } from '@grpc/grpc-js';
import { Observable, tap } from 'rxjs';
import { type Logger, childSpan, parseTraceparent, runInWorkContext } from '@rebound/observability';
import type { AccessGuard } from './access';
import type { WriteRateLimitGuard } from './rate-limit';
import { PROTO_LOADER_OPTIONS, refuseUndecodableMessages } from './grpc';
import { isUuid } from './validation';

export class GrpcCallLog implements NestInterceptor {
  constructor(private readonly logger: Logger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const metadata = rpc.getContext<Metadata | undefined>();
    const header = metadata?.get?.('traceparent')[0];
    const trace = childSpan(parseTraceparent(typeof header === 'string' ? header : undefined));
    const requested = returnIdOf(rpc.getData());
    const method = grpcMethodOf(context);
    const started = process.hrtime.bigint();
    const log = (status: string, answer?: unknown) => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const returnId = requested ?? returnIdOf(answer);
      this.logger.info(
        { grpcMethod: method, grpcStatus: status, durationMs, traceId: trace.traceId, ...(returnId && { returnId }) },
        `gRPC ${method} ${status} ${durationMs} ms`,
      );
    };
    // Nest binds the handler to the async context `handle()` is called in, so it runs in this trace.
    return runInWorkContext({ trace, ...(requested && { returnId: requested }) }, () => next.handle()).pipe(
      tap({ next: (answer) => log('OK', answer), error: (error: unknown) => log(statusOf(error)) }),
    );
  }
}

/**
 * Connects the app's gRPC server, every call passing `access` (see AccessGuard) then `writeRateLimit`,
 * and logged by GrpcCallLog. Nest sets up a hybrid app's
 * handlers the moment the server is connected — before a global interceptor could be added — so
 * the set-up is deferred to `app.startAllMicroservices()`; the app's own start runs the lifecycle
 * hooks, once, as it does for a server connected the ordinary way.
 */
export function connectGrpcServer(
  app: INestApplication,
  options: { package: string; protoPath: string; url: string },
  logger: Logger,
  { access, writeRateLimit }: { access: AccessGuard; writeRateLimit: WriteRateLimitGuard },
): void {
  const server = app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.GRPC,
      options: {
        ...options,
        loader: PROTO_LOADER_OPTIONS,
        onLoadPackageDefinition: (definition) => {
          refuseUndecodableMessages(definition);
          writeRateLimit.learnGrpcReads(definition);
        },
      },
    },
    { deferInitialization: true },
  );
  (server as NestMicroservice).setIsInitHookCalled(true);
  server.useGlobalInterceptors(new GrpcCallLog(logger));
  // In this order: the limit counts against the client the access guard has verified.
  server.useGlobalGuards(access, writeRateLimit);
}

/** `Service/Method` of a gRPC call, as its handler's `@GrpcMethod` names it (else the handler's name). */
export function grpcMethodOf(context: ExecutionContext): string {
  const [pattern] = (Reflect.getMetadata(PATTERN_METADATA, context.getHandler()) ?? []) as {
    service?: string;
    rpc?: string;
  }[];
  return pattern?.service && pattern.rpc ? `${pattern.service}/${pattern.rpc}` : context.getHandler().name;
}

function returnIdOf(message: unknown): string | undefined {
  const value = (message as { returnId?: unknown } | undefined)?.returnId;
  return typeof value === 'string' && isUuid(value) ? value : undefined;
}

function statusOf(error: unknown): string {
  const answer = error instanceof RpcException ? error.getError() : undefined;
  const code = typeof answer === 'object' && answer !== null ? (answer as { code?: unknown }).code : undefined;
  return typeof code === 'number' && GrpcStatus[code] !== undefined ? GrpcStatus[code] : 'UNKNOWN';
}
