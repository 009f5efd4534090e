/**
 * Pays one due refund through the provider, under the refund id as idempotency key. The refund is
 * marked processing (with a lease) and committed before the call, and the answer is recorded in a
 * second transaction. When the outcome of a call is not known — it timed out, or the process died
 * between the provider's answer and the commit — the provider is asked what happened under the key
 * before anything is paid again. Transient failures are retried with backoff, a bounded number of
 * times, then the refund needs attention; a decline fails it.
 */
import { RefundFailed, RefundIssued } from '@rebound/contracts';
import { backoffDelay, type BackoffPolicy } from '@rebound/messaging';
import type { PaymentAttempt, ProviderAnswer, Refund } from '../refund';
import type { Clock, PaymentProvider, RefundsTransaction, TransactionRunner } from '../ports';

export interface PaymentSettings {
  /** Payment calls per round before the refund needs attention. */
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  /** How long a refund stays claimed by the process calling the provider for it. */
  readonly leaseMs: number;
}

export class ProcessPayment {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly provider: PaymentProvider,
    private readonly clock: Clock,
    private readonly settings: PaymentSettings,
  ) {}

  /** Handles the next due refund; false when none is due. */
  async next(): Promise<boolean> {
    const now = this.clock.now();
    const claimed = await this.transactions.run((tx) =>
      tx.store.claimDuePayment(now, new Date(now.getTime() + this.settings.leaseMs)),
    );
    if (!claimed) return false;
    const attempts: PaymentAttempt[] = [];
    const call = async (kind: PaymentAttempt['call'], work: () => Promise<ProviderAnswer>) => {
      const startedAt = this.clock.now();
      const answer = await work();
      attempts.push({
        refundId: claimed.refundId,
        call: kind,
        outcome: answer.outcome,
        answer: answer.answer,
        startedAt,
        finishedAt: this.clock.now(),
      });
      return answer;
    };
    let answer: ProviderAnswer | undefined;
    if (claimed.outcomeUnknown) {
      answer = await call('lookup', () => this.provider.lookup(claimed.refundId));
      // Never applied: paying now is the first payment, not a second one.
      if (answer.outcome === 'absent') answer = undefined;
    }
    answer ??= await call('refund', () =>
      this.provider.refund({
        idempotencyKey: claimed.refundId,
        paymentReference: claimed.orderId,
        amountMinor: claimed.amountMinor,
        currency: claimed.currency,
        reason: `${claimed.phase} refund of return ${claimed.returnId}`,
      }),
    );
    const outcome = answer;
    await this.transactions.run((tx) => this.record(tx, claimed.refundId, attempts, outcome));
    return true;
  }

  private async record(
    tx: RefundsTransaction,
    refundId: string,
    attempts: readonly PaymentAttempt[],
    answer: ProviderAnswer,
  ): Promise<void> {
    const refund = await tx.store.lockRefund(refundId);
    // Another process took it over after this one's lease ran out; its answer will be recorded there.
    if (!refund || refund.state !== 'processing') return;
    for (const attempt of attempts) await tx.store.recordAttempt(attempt);
    const now = this.clock.now();
    // Every call to the provider counts towards the round's bound, a lookup as much as a payment.
    const base = { ...refund, attempts: refund.attempts + attempts.length, updatedAt: now };
    const paymentCalled = attempts.some((attempt) => attempt.call === 'refund');
    const event = { refundId, returnId: refund.returnId, orderId: refund.orderId, currency: refund.currency };
    switch (answer.outcome) {
      case 'succeeded':
        await tx.store.updateRefund({
          ...base,
          state: 'succeeded',
          providerReference: answer.reference,
          nextAttemptAt: null,
          outcomeUnknown: false,
          lastError: null,
        });
        await tx.events.publish(
          RefundIssued,
          {
            ...event,
            amountMinor: refund.amountMinor,
            method: 'original_payment',
            phase: refund.phase,
            providerReference: answer.reference,
          },
          refund.returnId,
        );
        return;
      case 'declined':
        await tx.store.updateRefund({
          ...base,
          state: 'failed',
          nextAttemptAt: null,
          outcomeUnknown: false,
          lastError: answer.reason,
        });
        await tx.events.publish(
          RefundFailed,
          { ...event, amountMinor: refund.amountMinor, reason: answer.reason, attempts: Math.max(1, base.attempts) },
          refund.returnId,
        );
        return;
      case 'transient':
      case 'unknown':
      case 'absent':
        // A lookup that got no answer leaves the earlier call's outcome as unknown as it was.
        await tx.store.updateRefund(
          this.retryLater(base, answer, answer.outcome === 'unknown' || (refund.outcomeUnknown && !paymentCalled), now),
        );
    }
  }

  private retryLater(refund: Refund, answer: ProviderAnswer, outcomeUnknown: boolean, now: Date): Refund {
    const reason = 'reason' in answer ? answer.reason : 'the provider knows no refund under this key';
    const exhausted = refund.attempts >= this.settings.maxAttempts;
    return {
      ...refund,
      state: exhausted ? 'needs_attention' : 'pending',
      nextAttemptAt: exhausted ? null : new Date(now.getTime() + backoffDelay(this.settings.backoff, refund.attempts)),
      outcomeUnknown,
      lastError: reason,
    };
  }
}
