/**
 * Pays one due refund through the provider — or, for a claw-back, charges it — each of its pending
 * parts against its charge, under the part's key `<refundId>.<n>`, one after the other. The refund is
 * marked processing (with a lease and a fresh lease token) and committed before the call, and the
 * answer is recorded in a second transaction, only by the holder of the current lease: a worker whose
 * lease ran out and was taken over records nothing. When the outcome of a call is not known — it timed
 * out, the provider answered 409 or 5xx, or the process died between the provider's answer and the
 * commit — the provider is asked what happened under the key before anything is paid again. Transient
 * failures are retried with backoff, a bounded number of times, then the refund needs attention; a
 * decline fails it. Once an instant refund's payment is no longer in flight, a reversal or a
 * settlement that waited for it goes ahead in the same transaction.
 */
import { backoffDelay, type BackoffPolicy } from '@rebound/kernel';
import { ClawbackFailed, RefundFailed, RefundIssued } from '@rebound/contracts';
import { paymentKey, type PaymentAttempt, type ProviderAnswer, type Refund, type RefundPayment } from '../refund';
import type { Clock, PaymentProvider, PaymentScope, RefundsTransaction, TransactionRunner } from '../ports';
import { announceCollected, bookCollected } from './claw-back';
import { inFlight, reverse } from './instant-refund';
import { applySettlement } from './settle-inspection';

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
    private readonly scope: PaymentScope = (_refund, pay) => pay(),
  ) {}

  /** Handles the next due refund; false when none is due. */
  async next(): Promise<boolean> {
    const now = this.clock.now();
    const claimed = await this.transactions.run((tx) =>
      tx.store.claimDuePayment(now, new Date(now.getTime() + this.settings.leaseMs)),
    );
    if (!claimed) return false;
    await this.scope(claimed, () => this.pay(claimed));
    return true;
  }

  private async pay(claimed: Refund): Promise<void> {
    const parts = (await this.transactions.run((tx) => tx.store.paymentsOf(claimed.refundId))).filter(
      (part) => part.state === 'pending',
    );
    const attempts: PaymentAttempt[] = [];
    const call = async (part: RefundPayment, kind: PaymentAttempt['call'], work: () => Promise<ProviderAnswer>) => {
      const startedAt = this.clock.now();
      const answer = await work();
      attempts.push({
        refundId: claimed.refundId,
        n: part.n,
        call: kind,
        outcome: answer.outcome,
        answer: answer.answer,
        startedAt,
        finishedAt: this.clock.now(),
      });
      return answer;
    };
    // The parts are paid one after the other; the first that does not succeed ends the round.
    const paid: { part: RefundPayment; answer: ProviderAnswer }[] = [];
    const clawback = claimed.phase === 'clawback';
    for (const part of parts) {
      const key = paymentKey(part);
      let answer: ProviderAnswer | undefined;
      if (claimed.outcomeUnknown) {
        answer = await call(part, 'lookup', () =>
          clawback ? this.provider.lookupCharge(key) : this.provider.lookup(key),
        );
        // Never applied: paying now is the first payment, not a second one.
        if (answer.outcome === 'absent') answer = undefined;
      }
      const request = {
        idempotencyKey: key,
        paymentReference: part.chargeId,
        amountMinor: part.amountMinor,
        currency: claimed.currency,
        reason: clawback
          ? `claw-back of instant refund ${claimed.reverses} (${claimed.reversalReason}) of return ${claimed.returnId}`
          : `${claimed.phase} refund of return ${claimed.returnId}`,
      };
      answer ??= clawback
        ? await call(part, 'charge', () => this.provider.charge(request))
        : await call(part, 'refund', () => this.provider.refund(request));
      paid.push({ part, answer });
      if (answer.outcome !== 'succeeded') break;
    }
    await this.transactions.run(async (tx) => {
      // The order's money first, as every use case takes it: then the refund.
      await tx.store.lockOrderMoney(claimed.orderId);
      const refund = await tx.store.lockRefund(claimed.refundId);
      // Another process took it over after this one's lease ran out: its answer is recorded there.
      if (!refund || refund.state !== 'processing' || refund.leaseToken !== claimed.leaseToken) return;
      const recorded = await this.record(tx, refund, attempts, paid);
      if (recorded.phase === 'instant' && !inFlight(recorded)) await this.afterInstantPayment(tx, recorded);
    });
  }

  /** The instant refund's payment ended: a reversal or a settlement that waited for it goes ahead. */
  private async afterInstantPayment(tx: RefundsTransaction, instant: Refund): Promise<void> {
    const terms = await tx.store.approvalOf(instant.returnId);
    if (!terms) return;
    const now = this.clock.now();
    if (instant.reversalReason === null) {
      await applySettlement(tx, terms, now);
      return;
    }
    const instants = await tx.store.lockInstantRefunds(instant.returnId);
    if (!instants.some(inFlight)) await reverse(tx, terms, instants, now);
  }

  /** What the claw-back's parts collected in this round goes on the ledger now, even if a later part is declined. */
  private async bookCollectedParts(
    tx: RefundsTransaction,
    clawback: Refund,
    paid: readonly { part: RefundPayment; answer: ProviderAnswer }[],
    now: Date,
  ): Promise<void> {
    const terms = await tx.store.approvalOf(clawback.returnId);
    const shares = paid.flatMap(({ part, answer }) => (answer.outcome === 'succeeded' ? part.lines : []));
    if (terms && shares.length > 0) await bookCollected(tx, terms, clawback, shares, now);
  }

  /** @returns the refund as recorded. */
  private async record(
    tx: RefundsTransaction,
    refund: Refund,
    attempts: readonly PaymentAttempt[],
    paid: readonly { part: RefundPayment; answer: ProviderAnswer }[],
  ): Promise<Refund> {
    const refundId = refund.refundId;
    for (const attempt of attempts) await tx.store.recordAttempt(attempt);
    const now = this.clock.now();
    // Every call to the provider counts towards the round's bound, a lookup as much as a payment.
    const base = { ...refund, attempts: refund.attempts + attempts.length, updatedAt: now };
    for (const { part, answer } of paid) {
      if (answer.outcome === 'succeeded') {
        await tx.store.updatePayment({ ...part, state: 'succeeded', providerReference: answer.reference });
      } else if (answer.outcome === 'declined') {
        await tx.store.updatePayment({ ...part, state: 'failed' });
      }
    }
    if (refund.phase === 'clawback') await this.bookCollectedParts(tx, refund, paid, now);
    const last = paid[paid.length - 1];
    const save = async (recorded: Refund) => {
      await tx.store.updateRefund(recorded);
      return recorded;
    };
    if (!last) {
      // Nothing was left to pay against: only ops can decide what happens to it.
      return save({
        ...base,
        state: 'needs_attention',
        nextAttemptAt: null,
        lastError: 'no charge left to pay against',
      });
    }
    const answer = last.answer;
    const paymentCalled = attempts.some((attempt) => attempt.call !== 'lookup' && attempt.n === last.part.n);
    const event = { refundId, returnId: refund.returnId, orderId: refund.orderId, currency: refund.currency };
    switch (answer.outcome) {
      case 'succeeded': {
        const payments = await tx.store.paymentsOf(refundId);
        const references = payments.flatMap((payment) => payment.providerReference ?? []);
        const recorded = await save({
          ...base,
          state: 'succeeded',
          providerReference: references[0] ?? null,
          nextAttemptAt: null,
          outcomeUnknown: false,
          lastError: null,
        });
        const charges = payments
          .filter((payment) => payment.state === 'succeeded')
          .flatMap(({ chargeId, amountMinor, providerReference }) =>
            providerReference === null ? [] : [{ chargeId, amountMinor, providerReference }],
          );
        if (refund.phase === 'clawback') {
          await announceCollected(tx, recorded, refund.amountMinor, charges);
          return recorded;
        }
        await tx.events.publish(
          RefundIssued,
          {
            ...event,
            amountMinor: refund.amountMinor,
            method: 'original_payment',
            phase: refund.phase,
            ...(references[0] !== undefined && { providerReference: references[0] }),
            charges,
          },
          refund.returnId,
        );
        return recorded;
      }
      case 'declined': {
        const reason = `charge ${last.part.chargeId}: ${answer.reason}`;
        const recorded = await save({
          ...base,
          state: 'failed',
          nextAttemptAt: null,
          outcomeUnknown: false,
          lastError: reason,
        });
        const attemptsMade = Math.max(1, base.attempts);
        if (refund.phase === 'clawback') {
          await tx.events.publish(
            ClawbackFailed,
            {
              ...event,
              reversedRefundId: refund.reverses as string,
              reason: refund.reversalReason ?? 'inspection',
              amountMinor: refund.amountMinor,
              detail: reason,
              attempts: attemptsMade,
            },
            refund.returnId,
          );
        } else {
          await tx.events.publish(
            RefundFailed,
            { ...event, phase: refund.phase, amountMinor: refund.amountMinor, reason, attempts: attemptsMade },
            refund.returnId,
          );
        }
        return recorded;
      }
      case 'transient':
      case 'unknown':
      case 'absent':
        // A lookup that got no answer leaves the earlier call's outcome as unknown as it was.
        return save(
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
