import { RefundFailed, RefundIssued } from '@rebound/contracts';
import { TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../../../test/fakes/in-memory-refunds';
import { approvedReturn } from '../../../../test/support/fixtures';
import type { ProviderAnswer } from '../../refund';
import { ClaimDuePayment } from '../claim-due-payment/claim-due-payment';
import { RecordApproval } from '../record-approval/record-approval';
import { RecordPaymentOutcome } from './record-payment-outcome';

const settings = { maxAttempts: 2, backoff: { initialDelayMs: 1000, maxDelayMs: 1000 }, leaseMs: 30_000 };

/** An instant refund to the card, claimed by a worker that called the provider once for its one part. */
async function calledOnce(answer: ProviderAnswer) {
  const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));
  const state = new InMemoryRefundsState();
  await new RecordApproval(clock).execute(state.transaction(), approvedReturn({ instantRefund: true }));
  const claimed = await new ClaimDuePayment(clock, settings).execute(state.transaction());
  if (!claimed) throw new Error('the refund was not due');
  const [part] = claimed.pendingParts;
  const command = {
    claimed: claimed.refund,
    attempts: [
      {
        refundId: part.refundId,
        n: part.n,
        call: 'refund' as const,
        outcome: answer.outcome,
        answer: null,
        startedAt: clock.now(),
        finishedAt: clock.now(),
      },
    ],
    paid: [{ part, answer }],
  };
  return { clock, state, command, refundId: claimed.refund.refundId };
}

describe('RecordPaymentOutcome', () => {
  it('records a paid refund with the provider’s reference and announces it with the charge it paid', async () => {
    const { clock, state, command, refundId } = await calledOnce({
      outcome: 'succeeded',
      reference: 'sbx_re_1',
      answer: null,
    });
    const tx = state.transaction();

    await new RecordPaymentOutcome(clock, settings).execute(tx, command);

    expect(state.refunds.get(refundId)).toMatchObject({
      state: 'succeeded',
      providerReference: 'sbx_re_1',
      attempts: 1,
    });
    expect(state.attempts).toHaveLength(1);
    expect(tx.events.ofType(RefundIssued)).toEqual([
      expect.objectContaining({
        amountMinor: 19002,
        charges: [expect.objectContaining({ providerReference: 'sbx_re_1' })],
      }),
    ]);
  });

  it('fails a refund the provider declined, and says why', async () => {
    const { clock, state, command, refundId } = await calledOnce({
      outcome: 'declined',
      reason: 'card closed',
      answer: null,
    });
    const tx = state.transaction();

    await new RecordPaymentOutcome(clock, settings).execute(tx, command);

    expect(state.refunds.get(refundId)).toMatchObject({ state: 'failed', nextAttemptAt: null });
    expect(tx.events.ofType(RefundFailed)).toEqual([expect.objectContaining({ attempts: 1 })]);
  });

  it('tries again after the backoff when the provider could not answer', async () => {
    const { clock, state, command, refundId } = await calledOnce({
      outcome: 'unknown',
      reason: 'no answer within 500 ms',
      answer: null,
    });

    await new RecordPaymentOutcome(clock, settings).execute(state.transaction(), command);

    const retried = state.refunds.get(refundId);
    expect(retried).toMatchObject({ state: 'pending', outcomeUnknown: true });
    expect(retried?.nextAttemptAt?.getTime()).toBeGreaterThan(clock.now().getTime());
  });

  it('records nothing when the lease was taken over meanwhile', async () => {
    const { clock, state, command, refundId } = await calledOnce({
      outcome: 'declined',
      reason: 'card closed',
      answer: null,
    });
    const current = state.refunds.get(refundId);
    if (current) state.refunds.set(refundId, { ...current, leaseToken: current.leaseToken + 1 });

    await new RecordPaymentOutcome(clock, settings).execute(state.transaction(), command);

    expect(state.refunds.get(refundId)).toMatchObject({ state: 'processing' });
    expect(state.attempts).toEqual([]);
  });
});
