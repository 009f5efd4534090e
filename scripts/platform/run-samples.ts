/**
 * Drives the sample returns through a running platform over its public REST APIs only: stores each
 * order with returns-intake, waits until returns-intake has learned the partners that can collect
 * them, opens the returns, then follows every return until it ends, reporting each status change as
 * it happens. Orders are stored as the commerce platform (rebound-commerce), returns opened and read
 * as the storefront (rebound-storefront), each with its token from the OIDC issuer.
 */
import { HttpError, callJsonAs } from './call-json';
import { clientCredentials } from './client-credentials';
import type { ServiceEndpoint, ServiceName } from './platform';
import type { SampleReturn } from './sample-returns';

export const ENDED_STATUSES = ['completed', 'rejected', 'cancelled', 'expired'];

export interface TimelineEntry {
  readonly type: string;
  readonly source: string;
  readonly occurredAt: string;
  readonly statusAfter: string;
  readonly details: Record<string, unknown>;
}

export interface ReturnView {
  readonly returnId: string;
  readonly status: string;
  readonly method: string;
  readonly refundMethod: string;
  readonly decision: { readonly outcome: string; readonly instantRefund: boolean };
  readonly refunds: {
    readonly refundedMinor: number;
    readonly items: readonly {
      readonly kind: string;
      readonly phase: string;
      readonly amountMinor: number;
      readonly bonusMinor: number;
      readonly clawbackMinor: number;
      readonly currency: string;
    }[];
  };
  readonly timeline: readonly TimelineEntry[];
}

export interface SampleOutcome {
  readonly sample: SampleReturn;
  readonly view: ReturnView;
  /** From the start of the run until the return ended. */
  readonly tookMs: number;
}

export interface RunOptions {
  readonly progress: (line: string) => void;
  readonly timeoutMs: number;
  readonly pollIntervalMs?: number;
}

export async function runSampleReturns(
  services: Readonly<Record<ServiceName, ServiceEndpoint>>,
  samples: readonly SampleReturn[],
  { progress, timeoutMs, pollIntervalMs = 250 }: RunOptions,
): Promise<SampleOutcome[]> {
  const intake = services['returns-intake'].httpUrl;
  const started = Date.now();
  const width = Math.max(...samples.map((sample) => sample.key.length));
  const say = (sample: SampleReturn, what: string) =>
    progress(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${sample.key.padEnd(width)}  ${what}`);

  const commerce = callJsonAs(clientCredentials('rebound-commerce'));
  const storefront = callJsonAs(clientCredentials('rebound-storefront'));
  for (const sample of samples) {
    await commerce('PUT', `${intake}/v1/orders/${encodeURIComponent(sample.orderId)}`, sample.order);
  }
  await untilCollectable(
    intake,
    samples.map((sample) => sample.request),
    started + timeoutMs,
    pollIntervalMs,
  );
  progress(`returns-intake knows partners for every sample (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const opened: { sample: SampleReturn; returnId: string; status: string; endedAt?: number; view?: ReturnView }[] = [];
  for (const sample of samples) {
    const view = await storefront<ReturnView>('POST', `${intake}/v1/returns`, sample.request, {
      'idempotency-key': `${sample.orderId}-return`,
    });
    say(sample, `opened return ${view.returnId}: ${view.status}`);
    opened.push({ sample, returnId: view.returnId, status: view.status });
  }

  const deadline = started + timeoutMs;
  while (opened.some((entry) => entry.endedAt === undefined)) {
    if (Date.now() > deadline) {
      const waiting = opened.filter((entry) => entry.endedAt === undefined);
      throw new Error(
        `after ${timeoutMs / 1000} s these returns had not ended: ` +
          waiting.map((entry) => `${entry.sample.key} (${entry.returnId}) still ${entry.status}`).join('; '),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    for (const entry of opened.filter((candidate) => candidate.endedAt === undefined)) {
      const view = await storefront<ReturnView>('GET', `${intake}/v1/returns/${entry.returnId}`);
      if (view.status !== entry.status) {
        const newest = view.timeline.filter((fact) => fact.statusAfter === view.status).at(-1);
        say(entry.sample, `${entry.status} → ${view.status}${newest ? ` (${newest.type})` : ''}`);
        entry.status = view.status;
      }
      if (ENDED_STATUSES.includes(view.status)) {
        entry.endedAt = Date.now();
        entry.view = view;
      }
    }
  }
  return opened.map((entry) => ({
    sample: entry.sample,
    view: entry.view as ReturnView,
    tookMs: (entry.endedAt as number) - started,
  }));
}

const NO_PARTNER_YET = /\/problems\/(address|method|window)-not-served"/;

/**
 * returns-intake learns partners from what pickup-scheduling announces after it starts; until then
 * it refuses returns no partner it knows can collect. Previews each request (of an order already
 * stored) until none is refused so, as the storefront.
 */
export async function untilCollectable(
  intake: string,
  requests: readonly Record<string, unknown>[],
  deadline: number,
  pollIntervalMs = 250,
): Promise<void> {
  const storefront = callJsonAs(clientCredentials('rebound-storefront'));
  for (const request of requests) {
    for (;;) {
      try {
        await storefront('POST', `${intake}/v1/returns/preview`, request);
        break;
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 422 && NO_PARTNER_YET.test(error.body))) throw error;
        if (Date.now() > deadline) throw new Error(`returns-intake never learned a partner: ${error.message}`);
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      }
    }
  }
}
