/**
 * W3C Trace Context (`traceparent`) and the per-request/per-message context that log lines read.
 * The traceparent travels from the code that writes an outbox row to the Kafka headers to the
 * consuming handler, so one trace id follows a return through every service.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
}

/** What log lines written inside a unit of work (an HTTP request, a consumed event) carry. */
export interface WorkContext {
  readonly trace: TraceContext;
  readonly returnId?: string;
  readonly eventId?: string;
  readonly eventType?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

export function parseTraceparent(header: string | undefined): TraceContext | undefined {
  const match = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  if (!match) return undefined;
  const [, version, traceId, spanId, flags] = match;
  if (version === 'ff' || ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export function formatTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.sampled ? '01' : '00'}`;
}

/** A new span: inside `parent`'s trace when there is one, else the root of a new trace. */
export function childSpan(parent?: TraceContext): TraceContext {
  return {
    traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    sampled: parent?.sampled ?? true,
  };
}

const storage = new AsyncLocalStorage<WorkContext>();

export function runInWorkContext<T>(context: WorkContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentWorkContext(): WorkContext | undefined {
  return storage.getStore();
}

/** The traceparent for something caused by the current unit of work (a new span of its trace). */
export function traceparentForOutgoing(): string {
  return formatTraceparent(childSpan(currentWorkContext()?.trace));
}
