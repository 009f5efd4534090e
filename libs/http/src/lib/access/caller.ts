/** Who is calling, as its verified token says; guards put it on the request, handlers read it with `@CallerOf()`. */
import { ExecutionContext, createParamDecorator } from '@nestjs/common';

export interface Caller {
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

export function callerOf(context: ExecutionContext): Caller | undefined {
  return callers.get(callKey(context));
}

/** The verified caller of an operation that requires a permission. */
export const CallerOf = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = callerOf(context);
  // Only an operation declared open has no caller, and such an operation has no business asking.
  if (!caller) throw new Error(`${context.getClass().name}.${context.getHandler().name} has no verified caller`);
  return caller;
});

function callKey(context: ExecutionContext): object {
  return context.getType() === 'rpc'
    ? context.switchToRpc().getContext<object>()
    : context.switchToHttp().getRequest<object>();
}
