/** Who is calling, as its verified token says; guards put it on the request, handlers read it with `@CallerOf()`. */
import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Actor } from '@rebound/contracts';

export interface Caller extends Actor {
  /** The token's `sub`: a user, or a client's service account. */
  readonly subject: string;
  /** The OAuth client the token was issued to (`azp`, else `client_id`), '' when the token names none. */
  readonly clientId: string;
  readonly permissions: ReadonlySet<string>;
  /** Set when the token is a customer's own: it may act on that customer's returns only. */
  readonly customerId?: string;
}

// Keyed by the HTTP request object or the gRPC call's metadata: both live exactly as long as the call.
const callers = new WeakMap<object, Caller>();

export function attachCaller(context: ExecutionContext, caller: Caller): void {
  callers.set(callKey(context), caller);
}

/** The caller as the record of a change names it: subject and client, nothing more of the token. */
export function actorOf(caller: Caller): Actor {
  return { subject: caller.subject, clientId: caller.clientId };
}

/** The verified caller of the call in `context`, if the AccessGuard verified one (open routes have none). */
export function verifiedCaller(context: ExecutionContext): Caller | undefined {
  return callers.get(callKey(context));
}

/** The verified caller of a call: an HTTP request object, or a gRPC call's metadata. */
export function callerOf(call: object): Caller {
  const caller = callers.get(call);
  // Only an operation declared open has no caller, and such an operation has no business asking.
  if (!caller) throw new Error('the call has no verified caller: is its operation declared open?');
  return caller;
}

/** The verified caller of an HTTP operation that requires a permission (gRPC handlers: `callerOf(metadata)`). */
export const CallerOf = createParamDecorator((_: unknown, context: ExecutionContext): Caller =>
  callerOf(callKey(context)),
);

function callKey(context: ExecutionContext): object {
  return context.getType() === 'rpc'
    ? context.switchToRpc().getContext<object>()
    : context.switchToHttp().getRequest<object>();
}
