/**
 * Records what the provider answered for a refund's round of calls, in the transaction after them —
 * only while the round's worker still holds the refund's lease: a worker whose lease ran out and was
 * taken over records nothing, since the answer is recorded there. Transient failures are retried with
 * backoff, a bounded number of times, then the refund needs attention; a decline fails it. Once an
 * instant refund's payment is no longer in flight, a reversal or a settlement that waited for it goes
 * ahead in the same transaction; so does a settlement that waited for the claw-back of a reversed instant
 * refund (its return expired, then came back) once that claw-back is collected or declined.
 */
import {
  ClawbackFailed,
  ExchangeDifferenceCollected,
  ExchangeDifferenceFailed,
  RefundFailed,
  RefundIssued,
} from '@rebound/contracts';
import { backoffDelay, type BackoffPolicy, type UseCase } from '@rebound/kernel';
import { announceCollected, bookCollected, stillCollecting } from '../../claw-back';
import { inFlight, reverse } from '../../instant-refund';
import type { Clock, RefundsTransaction } from '../../ports';
import {
  announcedPhase,
  type PaymentAttempt,
  type ProviderAnswer,
  type Refund,
  type RefundPayment,
} from '../../refund';
import { applySettlement } from '../../settlement';

export interface RetrySettings {
  /** Payment calls per round before the refund needs attention. */
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
}

export interface PaymentOutcomeCommand {
  /** The refund as the round claimed it: its lease token says whether the round still holds it. */
  readonly claimed: Refund;
  /** Every call the round made, lookups included. */
  readonly attempts: readonly PaymentAttempt[];
  /** Each part paid in the round, in order, with the provider's answer; the last may not have succeeded. */
  readonly paid: readonly { readonly part: RefundPayment; readonly answer: ProviderAnswer }[];
}

export class RecordPaymentOutcome implements UseCase<RefundsTransaction, PaymentOutcomeCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly settings: RetrySettings,
  ) {}

  async execute(tx: RefundsTransaction, { claimed, attempts, paid }: PaymentOutcomeCommand): Promise<void> {
    // The order's money first, as every use case takes it: then the refund.
    await tx.ledger.lockOrderMoney(claimed.orderId);
    const refund = await tx.refunds.lockRefund(claimed.refundId);
    // Another process took it over after this one's lease ran out: its answer is recorded there.
    if (!refund || refund.state !== 'processing' || refund.leaseToken !== claimed.leaseToken) return;
    const recorded = await this.record(tx, refund, attempts, paid);
    const decided =
      (recorded.phase === 'instant' && !inFlight(recorded)) ||
      (recorded.phase === 'clawback' && !stillCollecting(recorded));
    if (decided) await this.afterDecided(tx, recorded);
  }

  /**
   * An instant refund's payment ended, or a claw-back was collected or declined: a reversal that waited
   * for the instant refund goes ahead, then the return's settlement if it waited (applySettlement waits
   * again while a claw-back the reversal started is being charged).
   */
  private async afterDecided(tx: RefundsTransaction, refund: Refund): Promise<void> {
    const terms = await tx.approvals.approvalOf(refund.returnId);
    if (!terms) return;
    const now = this.clock.now();
    if (refund.phase === 'instant' && refund.reversalReason !== null) {
      const instants = await tx.refunds.lockInstantRefunds(refund.returnId);
      if (!instants.some(inFlight)) await reverse(tx, terms, instants, now);
    }
    await applySettlement(tx, terms, now);
  }

  /** What the claw-back's parts collected in this round goes on the ledger now, even if a later part is declined. */
  private async bookCollectedParts(
    tx: RefundsTransaction,
    clawback: Refund,
    paid: readonly { part: RefundPayment; answer: ProviderAnswer }[],
    now: Date,
  ): Promise<void> {
    const terms = await tx.approvals.approvalOf(clawback.returnId);
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
    for (const attempt of attempts) await tx.refunds.recordAttempt(attempt);
    const now = this.clock.now();
    // Every call to the provider counts towards the round's bound, a lookup as much as a payment.
    const base = { ...refund, attempts: refund.attempts + attempts.length, updatedAt: now };
    for (const { part, answer } of paid) {
      if (answer.outcome === 'succeeded') {
        await tx.refunds.updatePayment({ ...part, state: 'succeeded', providerReference: answer.reference });
      } else if (answer.outcome === 'declined') {
        await tx.refunds.updatePayment({ ...part, state: 'failed' });
      }
    }
    if (refund.phase === 'clawback') await this.bookCollectedParts(tx, refund, paid, now);
    const last = paid[paid.length - 1];
    const save = async (recorded: Refund) => {
      await tx.refunds.updateRefund(recorded);
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
        const payments = await tx.refunds.paymentsOf(refundId);
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
        if (refund.phase === 'collection') {
          await tx.events.publish(
            ExchangeDifferenceCollected,
            { ...event, amountMinor: refund.amountMinor, charges },
            refund.returnId,
          );
          return recorded;
        }
        await tx.events.publish(
          RefundIssued,
          {
            ...event,
            amountMinor: refund.amountMinor,
            method: 'original_payment',
            phase: announcedPhase(refund.phase),
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
        } else if (refund.phase === 'collection') {
          await tx.events.publish(
            ExchangeDifferenceFailed,
            { ...event, amountMinor: refund.amountMinor, detail: reason, attempts: attemptsMade },
            refund.returnId,
          );
        } else {
          await tx.events.publish(
            RefundFailed,
            {
              ...event,
              phase: announcedPhase(refund.phase),
              amountMinor: refund.amountMinor,
              reason,
              attempts: attemptsMade,
            },
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
