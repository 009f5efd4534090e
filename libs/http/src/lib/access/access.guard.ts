/**
 * The one gate every REST and gRPC operation passes: it finds the operation's declared rule
 * (`@Requires` / `@OpenRoute`), checks the bearer token (REST: the `Authorization` header; gRPC:
 * `authorization` metadata) and the permission, and hands the verified caller to the handler.
 *
 * Refusals say why without echoing the token: 401 (UNAUTHENTICATED) with `WWW-Authenticate` for a
 * missing, malformed, expired, foreign or wrong-audience token; 403 (PERMISSION_DENIED) naming the
 * missing permission, or for a customer's token on an operation not open to customers; 503
 * (UNAVAILABLE) when the issuer's keys cannot be had. An operation that declares no rule is refused
 * to everyone: forgetting the declaration must not open it.
 */
import { status as GrpcStatus, type Metadata } from '@grpc/grpc-js';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RpcException } from '@nestjs/microservices';
import type { IncomingMessage } from 'node:http';
import { ProblemException } from '../problem-details';
import { ACCESS_RULE, type AccessRule } from './access-rule.decorator';
import { attachCaller, type Caller } from './caller';
import { IssuerUnavailable, TokenRejected, TokenVerifier } from './token-verifier';

const REALM = 'rebound';

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly reflector = new Reflector();

  /** `verifier`: the process's one, shared with any guard of its own that takes bearer tokens (one key cache). */
  constructor(private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      throw refusal(
        context,
        'forbidden',
        `${context.getClass().name}.${context.getHandler().name} declares no permission`,
      );
    }
    if ('open' in rule) return true;
    const caller = await admitBearer(context, this.verifier, authorizationOf(context), rule.permission);
    if (caller.customerId !== undefined && rule.customers !== 'own') {
      throw refusal(context, 'forbidden', "a customer's own token cannot be used for this operation");
    }
    attachCaller(context, caller);
    return true;
  }
}

/**
 * The caller an `Authorization` value (`Bearer <token>`) proves, holding `permission` — or the refusal
 * the AccessGuard gives, as a problem (REST) or a status (gRPC). For guards of their own that take a
 * bearer token among other credentials (a partner's webhook).
 */
export async function admitBearer(
  context: ExecutionContext,
  verifier: TokenVerifier,
  authorization: string | undefined,
  permission: string,
): Promise<Caller> {
  if (authorization === undefined) throw refusal(context, 'unauthenticated', 'a bearer token is required');
  const token = /^Bearer +([^ ]+) *$/i.exec(authorization)?.[1];
  if (token === undefined) throw refusal(context, 'invalid-token', 'the Authorization header is not "Bearer <token>"');
  let caller;
  try {
    caller = await verifier.verify(token);
  } catch (error) {
    if (error instanceof TokenRejected) throw refusal(context, 'invalid-token', error.message);
    if (error instanceof IssuerUnavailable) throw refusal(context, 'issuer-unavailable', error.message);
    throw error;
  }
  if (!caller.permissions.has(permission)) {
    throw refusal(context, 'forbidden', `the token lacks the permission ${permission}`, permission);
  }
  return caller;
}

function authorizationOf(context: ExecutionContext): string | undefined {
  const header =
    context.getType() === 'rpc'
      ? context.switchToRpc().getContext<Metadata | undefined>()?.get?.('authorization')[0]
      : context.switchToHttp().getRequest<IncomingMessage>().headers.authorization;
  return header === undefined ? undefined : String(header);
}

type Refusal = 'unauthenticated' | 'invalid-token' | 'forbidden' | 'issuer-unavailable';

function refusal(context: ExecutionContext, kind: Refusal, why: string, permission?: string): Error {
  if (context.getType() === 'rpc') {
    const code = {
      unauthenticated: GrpcStatus.UNAUTHENTICATED,
      'invalid-token': GrpcStatus.UNAUTHENTICATED,
      forbidden: GrpcStatus.PERMISSION_DENIED,
      'issuer-unavailable': GrpcStatus.UNAVAILABLE,
    }[kind];
    return new RpcException({ code, message: why });
  }
  switch (kind) {
    case 'unauthenticated':
      return new ProblemException(
        { status: 401, slug: 'unauthenticated', title: 'Authentication required', detail: why },
        { 'WWW-Authenticate': `Bearer realm="${REALM}"` },
      );
    case 'invalid-token':
      return new ProblemException(
        { status: 401, slug: 'invalid-token', title: 'The bearer token is not acceptable', detail: why },
        { 'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${quoted(why)}"` },
      );
    case 'forbidden':
      return new ProblemException(
        {
          status: 403,
          slug: 'permission-missing',
          title: 'The caller lacks a permission this operation requires',
          detail: why,
          ...(permission && { extensions: { permission } }),
        },
        permission
          ? { 'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${permission}"` }
          : {},
      );
    case 'issuer-unavailable':
      return new ProblemException({
        status: 503,
        slug: 'issuer-unavailable',
        title: 'Tokens cannot be checked right now',
        detail: 'The identity provider could not be reached; try again shortly.',
      });
  }
}

function quoted(text: string): string {
  return text.replace(/["\\]/g, "'");
}
