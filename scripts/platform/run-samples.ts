/**
 * Drives the sample returns through a running platform over its public REST APIs only: stores each
 * order with returns-intake, waits until returns-intake has learned the partners that can collect
 * them, opens the returns, then follows every return until it ends, reporting each status change as
 * it happens. Orders and products are stored as the commerce platform (rebound-commerce), the
 * replacements' stock counted in by the warehouse (rebound-warehouse), returns opened and read as the
 * storefront (rebound-storefront), each with its token from the OIDC issuer.
 */
import { HttpError, callJsonAs } from './call-json';
import { clientCredentials } from './client-credentials';
import type { ServiceEndpoint, ServiceName } from './platform';
import { DEMO_WAREHOUSE, SAMPLE_CATALOGUE, SAMPLE_STOCK, type SampleReturn } from './sample-returns';

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
  await stockReplacements(services, started);
  await untilCollectable(
    intake,
    samples.map((sample) => sample.request),
    started + timeoutMs,
    pollIntervalMs,
  );
  progress(
    `returns-intake knows partners and replacements for every sample (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );

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

/**
 * Stores the sample products with returns-intake (a newer version each run) and puts the replacements'
 * units on sale at the demo warehouse, once per run (the key carries the run's start).
 */
async function stockReplacements(services: Readonly<Record<ServiceName, ServiceEndpoint>>, started: number) {
  const commerce = callJsonAs(clientCredentials('rebound-commerce'));
  const warehouse = callJsonAs(clientCredentials('rebound-warehouse'));
  const version = Math.floor(started / 1000);
  for (const product of SAMPLE_CATALOGUE) {
    await commerce('PUT', `${services['returns-intake'].httpUrl}/v1/products/${product.productId}`, {
      title: product.title,
      category: product.category,
      options: [{ name: 'size', values: product.size }],
      variants: product.skus.map((sku, index) => ({
        sku,
        optionValues: { size: product.size[index] },
        priceMinor: product.priceMinor,
        currency: 'EUR',
        active: true,
      })),
      version,
      publishedAt: new Date(started).toISOString(),
    });
  }
  await warehouse(
    'POST',
    `${services.inventory.httpUrl}/v1/stock/movements`,
    {
      reason: 'transfer_in',
      reference: 'replacements for the demo exchanges',
      lines: SAMPLE_STOCK.map(({ sku, quantity }) => ({ sku, warehouseId: DEMO_WAREHOUSE, quantityDelta: quantity })),
    },
    { 'idempotency-key': `demo-stock-${started}` },
  );
}

const NO_PARTNER_YET = /\/problems\/(address|method|window)-not-served"/;

interface Preview {
  readonly lines: readonly { readonly offers: readonly { readonly replacement: { readonly sku: string } | null }[] }[];
}

/** The replacement skus a request's lines ask for, line by line (undefined for a line that exchanges nothing). */
function replacementsAsked(request: Record<string, unknown>): (string | undefined)[] {
  const lines = request['lines'] as readonly { resolution?: { replacementSku?: string } }[];
  return lines.map((line) => line.resolution?.replacementSku);
}

/**
 * returns-intake learns partners from what pickup-scheduling announces after it starts, and the
 * replacements' stock from what inventory announces; until then it refuses returns no partner it
 * knows can collect, and offers no exchange for a replacement it has not seen on sale. Previews each
 * request (of an order already stored) until it is collectable and offers every replacement asked for,
 * as the storefront.
 */
export async function untilCollectable(
  intake: string,
  requests: readonly Record<string, unknown>[],
  deadline: number,
  pollIntervalMs = 250,
): Promise<void> {
  const storefront = callJsonAs(clientCredentials('rebound-storefront'));
  for (const request of requests) {
    const asked = replacementsAsked(request);
    for (;;) {
      let waitingFor: string;
      try {
        const preview = await storefront<Preview>('POST', `${intake}/v1/returns/preview`, request);
        const missing = asked.filter(
          (sku, index) =>
            sku !== undefined && !preview.lines[index].offers.some((offer) => offer.replacement?.sku === sku),
        );
        if (missing.length === 0) break;
        waitingFor = `returns-intake never offered ${missing.join(', ')} in exchange`;
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 422 && NO_PARTNER_YET.test(error.body))) throw error;
        waitingFor = `returns-intake never learned a partner: ${error.message}`;
      }
      if (Date.now() > deadline) throw new Error(waitingFor);
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }
}
