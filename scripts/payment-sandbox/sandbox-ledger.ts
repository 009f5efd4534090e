/**
 * What the sandbox payment provider remembers: each refund under its idempotency key (applied or
 * declined), and per payment reference the outcomes a test or demo scripted for the next calls.
 * In memory: a restarted sandbox starts empty.
 */
import { randomUUID } from 'node:crypto';

export const SCRIPTED_OUTCOMES = ['succeed', 'fail_transient', 'fail_permanent', 'timeout_after_apply'] as const;
export type ScriptedOutcome = (typeof SCRIPTED_OUTCOMES)[number];

export interface RefundRequest {
  readonly paymentReference: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason?: string;
}

export interface ProviderRefund extends RefundRequest {
  readonly refundId: string;
  readonly idempotencyKey: string;
  readonly status: 'succeeded' | 'declined';
  /** Why it was declined. */
  readonly declineReason?: string;
  readonly createdAt: string;
}

/** What one call comes to; `hang` answers nothing (the refund was applied). */
export type CallResult =
  | { readonly kind: 'refund'; readonly refund: ProviderRefund; readonly replayed: boolean }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'key-reused'; readonly refund: ProviderRefund }
  | { readonly kind: 'hang'; readonly refund: ProviderRefund };

export class SandboxLedger {
  private readonly refunds = new Map<string, ProviderRefund>();
  private readonly scripts = new Map<string, ScriptedOutcome[]>();
  private readonly latencies = new Map<string, number>();

  /** The next calls for this payment reference come out as listed, then succeed; each answers after `latencyMs`. */
  script(paymentReference: string, outcomes: readonly ScriptedOutcome[], latencyMs = 0): void {
    this.scripts.set(paymentReference, [...outcomes]);
    this.latencies.set(paymentReference, latencyMs);
  }

  /** The latency scripted for a payment reference's calls. */
  latencyOf(paymentReference: string): number {
    return this.latencies.get(paymentReference) ?? 0;
  }

  call(idempotencyKey: string, request: RefundRequest, now: Date): CallResult {
    const known = this.refunds.get(idempotencyKey);
    if (known) {
      return sameRequest(known, request)
        ? { kind: 'refund', refund: known, replayed: true }
        : { kind: 'key-reused', refund: known };
    }
    const outcome = this.scripts.get(request.paymentReference)?.shift() ?? 'succeed';
    if (outcome === 'fail_transient') return { kind: 'unavailable' };
    const refund: ProviderRefund = {
      ...request,
      refundId: `sbx_re_${randomUUID()}`,
      idempotencyKey,
      status: outcome === 'fail_permanent' ? 'declined' : 'succeeded',
      ...(outcome === 'fail_permanent' && { declineReason: 'the payment method can no longer receive refunds' }),
      createdAt: now.toISOString(),
    };
    this.refunds.set(idempotencyKey, refund);
    return outcome === 'timeout_after_apply' ? { kind: 'hang', refund } : { kind: 'refund', refund, replayed: false };
  }

  byKey(idempotencyKey: string): ProviderRefund | undefined {
    return this.refunds.get(idempotencyKey);
  }

  /** Every refund applied or declined for a payment reference, oldest first. */
  forReference(paymentReference: string): ProviderRefund[] {
    return [...this.refunds.values()].filter((refund) => refund.paymentReference === paymentReference);
  }
}

function sameRequest(known: ProviderRefund, request: RefundRequest): boolean {
  return (
    known.paymentReference === request.paymentReference &&
    known.amountMinor === request.amountMinor &&
    known.currency === request.currency
  );
}
