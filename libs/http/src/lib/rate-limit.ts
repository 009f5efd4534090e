/**
 * Rate limits on writes, per client: @nestjs/throttler's sliding window, counted in the process's
 * memory, so each replica of a service counts on its own. One budget per client covers every write
 * of the service (REST POST/PUT/PATCH/DELETE; gRPC methods the proto does not declare
 * `idempotency_level = NO_SIDE_EFFECTS`); reads are never limited. Over the budget, REST answers 429
 * (problem+json, `Retry-After` in seconds) and gRPC RESOURCE_EXHAUSTED (`retry-after` in the
 * trailers).
 *
 * It runs after the AccessGuard, so the client is the verified caller's; an open route has no
 * caller, and is limited per partner when its path names one (the signed partner webhook) and not
 * at all otherwise.
 */
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RpcException } from '@nestjs/microservices';
import { ThrottlerGuard, ThrottlerStorageService, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { verifiedCaller } from './access';
import { methodsOf } from './grpc';
import { grpcMethodOf } from './grpc-call-log';
import { ProblemException } from './problem-details';
import { WRITE_METHODS } from './write-methods';

export interface RateLimitSettings {
  /** Writes each client may make per minute (sliding window); 0 turns the limit off. */
  readonly writesPerMinute: number;
}

const MINUTE_MS = 60_000;

@Injectable()
export class WriteRateLimitGuard extends ThrottlerGuard {
  /** `Service/Method` of the gRPC methods the proto declares free of side effects. */
  private readonly grpcReads = new Set<string>();

  private constructor(private readonly settings: RateLimitSettings) {
    super(
      // A 429 is not counted, and nothing is blocked beyond the window: a client is served again as
      // soon as its oldest write of the last minute leaves the window.
      // The default name keeps throttler's headers standard: `Retry-After`, `X-RateLimit-Limit`, ….
      { throttlers: [{ ttl: MINUTE_MS, limit: settings.writesPerMinute, blockDuration: 0 }] },
      new ThrottlerStorageService(),
      new Reflector(),
    );
  }

  /** Built by hand rather than by Nest, so it runs after the AccessGuard; this runs the init Nest would. */
  static async create(settings: RateLimitSettings): Promise<WriteRateLimitGuard> {
    const guard = new WriteRateLimitGuard(settings);
    await guard.onModuleInit();
    return guard;
  }

  /** Nest's `onLoadPackageDefinition` hook: learns which gRPC methods only read. */
  learnGrpcReads(definition: PackageDefinition): void {
    for (const { service, name, method } of methodsOf(definition)) {
      if (method.options?.idempotency_level === 'NO_SIDE_EFFECTS') this.grpcReads.add(`${service}/${name}`);
    }
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (this.settings.writesPerMinute === 0) return true;
    const writes =
      context.getType() === 'rpc'
        ? !this.grpcReads.has(grpcMethodOf(context))
        : WRITE_METHODS.has(context.switchToHttp().getRequest<{ method: string }>().method);
    return !writes || trackerOf(context) === undefined;
  }

  protected override getRequestResponse(context: ExecutionContext) {
    // gRPC has no response to put X-RateLimit-* headers on; the refusal carries what the caller needs.
    if (context.getType() === 'rpc') return { req: {}, res: {} };
    return super.getRequestResponse(context);
  }

  protected override async getTracker(_request: Record<string, unknown>, context?: ExecutionContext): Promise<string> {
    // shouldSkip let through only calls that have one.
    return trackerOf(context as ExecutionContext) as string;
  }

  /** One budget per client for all the service's writes, not one per operation. */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return `writes:${tracker}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    { limit, timeToBlockExpire }: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = String(timeToBlockExpire);
    const detail = `more than ${limit} writes a minute; retry in ${retryAfter} s`;
    if (context.getType() === 'rpc') {
      const metadata = new Metadata();
      metadata.set('retry-after', retryAfter);
      throw new RpcException({ code: GrpcStatus.RESOURCE_EXHAUSTED, message: detail, metadata });
    }
    throw new ProblemException(
      {
        status: 429,
        slug: 'rate-limited',
        title: 'Too many writes',
        detail,
        extensions: { limit, windowSeconds: MINUTE_MS / 1000 },
      },
      { 'Retry-After': retryAfter },
    );
  }
}

/** Whose budget a call spends: the verified client, else the partner an open route names. */
function trackerOf(context: ExecutionContext): string | undefined {
  const caller = verifiedCaller(context);
  if (caller) return `client:${caller.clientId || caller.subject}`;
  if (context.getType() === 'rpc') return undefined;
  const partnerId = context.switchToHttp().getRequest<{ params?: Record<string, string> }>().params?.['partnerId'];
  return partnerId === undefined ? undefined : `partner:${partnerId}`;
}
