import { InMemoryTransactionRunner, TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../../test/fakes/in-memory-refunds';
import type { PaymentProvider } from '../ports';
import type { ProviderAnswer, Refund } from '../refund';
import { ClaimDuePayment } from '../use-cases/claim-due-payment/claim-due-payment';
import { RecordPaymentOutcome } from '../use-cases/record-payment-outcome/record-payment-outcome';
import { ProcessPayment } from './process-payment';

const now = new Date('2026-12-01T10:00:00Z');
const settings = { maxAttempts: 3, backoff: { initialDelayMs: 1, maxDelayMs: 1 }, leaseMs: 1000 };

/** One final refund of one charge whose last payment call timed out. */
function world(answers: { lookup: ProviderAnswer[]; refund: ProviderAnswer[]; takenOverDuringLookup?: boolean }) {
  const state = new InMemoryRefundsState();
  const refund: Refund = {
    refundId: 'refund-1',
    returnId: 'return-1',
    orderId: 'order-1',
    customerId: 'customer-1',
    phase: 'final',
    method: 'original_payment',
    currency: 'EUR',
    amountMinor: 1000,
    bonusMinor: 0,
    state: 'pending',
    attempts: 1,
    nextAttemptAt: now,
    outcomeUnknown: true,
    providerReference: null,
    lastError: 'no answer within 500 ms',
    createdAt: now,
    updatedAt: now,
    leaseToken: 1,
    reverses: null,
    reversalReason: null,
  };
  state.refunds.set(refund.refundId, { ...refund, leaseUntil: null });
  state.payments.push({
    refundId: 'refund-1',
    n: 1,
    chargeId: 'charge-1',
    amountMinor: 1000,
    lines: [{ lineId: 'line-1', amountMinor: 1000 }],
    state: 'pending',
    providerReference: null,
  });
  const calls: string[] = [];
  const provider: PaymentProvider = {
    refund: async () => {
      calls.push('refund');
      return answers.refund.shift() as ProviderAnswer;
    },
    lookup: async () => {
      calls.push('lookup');
      if (answers.takenOverDuringLookup) {
        const current = state.refunds.get('refund-1');
        if (current) state.refunds.set('refund-1', { ...current, leaseToken: current.leaseToken + 1 });
      }
      return answers.lookup.shift() as ProviderAnswer;
    },
    charge: async () => {
      throw new Error('a refund is never charged');
    },
    lookupCharge: async () => {
      throw new Error('a refund is never charged');
    },
  };
  const clock = new TestClock(now);
  const payments = new ProcessPayment(
    new InMemoryTransactionRunner(state.transaction()),
    provider,
    clock,
    new ClaimDuePayment(clock, settings),
    new RecordPaymentOutcome(clock, settings),
  );
  // Each round starts once the one before is due again.
  const nextRound = async () => {
    clock.advance(settings.leaseMs);
    return payments.next();
  };
  return { payments, nextRound, calls, current: () => state.refunds.get('refund-1') };
}

describe('ProcessPayment', () => {
  it('keeps asking, never paying, while the provider cannot say what an earlier call did', async () => {
    const { payments, nextRound, calls, current } = world({
      lookup: [
        { outcome: 'transient', reason: 'the provider refused the connection', answer: null },
        { outcome: 'succeeded', reference: 'sbx_re_1', answer: null },
      ],
      refund: [],
    });

    await payments.next();
    expect(current()).toMatchObject({ state: 'pending', outcomeUnknown: true, attempts: 2 });
    await nextRound();

    expect(calls).toEqual(['lookup', 'lookup']);
    expect(current()).toMatchObject({ state: 'succeeded', providerReference: 'sbx_re_1', outcomeUnknown: false });
  });

  it('counts lookups towards the round’s bound, so an unreachable provider ends in needs_attention', async () => {
    const unreachable: ProviderAnswer = { outcome: 'unknown', reason: 'no answer within 500 ms', answer: null };
    const { payments, nextRound, current } = world({ lookup: [unreachable, unreachable], refund: [] });

    await payments.next();
    await nextRound();

    expect(current()).toMatchObject({ state: 'needs_attention', attempts: 3 });
  });

  it('records nothing when another worker took the refund over while it waited for the provider', async () => {
    const declined: ProviderAnswer = { outcome: 'declined', reason: 'card closed', answer: null };
    const { payments, current } = world({ lookup: [declined], refund: [], takenOverDuringLookup: true });

    await payments.next();

    // The other worker holds the lease now: this one's "declined" must not fail the refund it may have paid.
    expect(current()).toMatchObject({ state: 'processing', attempts: 1, lastError: 'no answer within 500 ms' });
  });

  it('answers that nothing was due once the only due refund is paid', async () => {
    const { payments, calls } = world({
      lookup: [{ outcome: 'succeeded', reference: 'sbx_re_1', answer: null }],
      refund: [],
    });
    await payments.next();

    expect(await payments.next()).toBe(false);
    expect(calls).toEqual(['lookup']);
  });
});
