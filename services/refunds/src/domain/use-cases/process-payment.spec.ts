import { RecordingEventSink } from '@rebound/kernel/testing';
import type { ProviderAnswer, Refund, RefundPayment } from '../refund';
import type { PaymentProvider, RefundsStore, RefundsTransaction, TransactionRunner } from '../ports';
import { ProcessPayment } from './process-payment';

const now = new Date('2026-12-01T10:00:00Z');

/** One refund of one charge whose last payment call timed out, in a store that keeps just that row and part. */
function world(answers: { lookup: ProviderAnswer[]; refund: ProviderAnswer[]; takenOverDuringLookup?: boolean }) {
  let row: Refund = {
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
  let part: RefundPayment = {
    refundId: 'refund-1',
    n: 1,
    chargeId: 'charge-1',
    amountMinor: 1000,
    lines: [{ lineId: 'line-1', amountMinor: 1000 }],
    state: 'pending',
    providerReference: null,
  };
  const calls: string[] = [];
  const store = {
    paymentsOf: async () => [part],
    updatePayment: async (payment: RefundPayment) => {
      part = payment;
    },
    claimDuePayment: async () =>
      row.state === 'pending' ? (row = { ...row, state: 'processing', leaseToken: row.leaseToken + 1 }) : undefined,
    lockOrderMoney: async () => undefined,
    lockRefund: async () => row,
    updateRefund: async (refund: Refund) => {
      row = refund;
    },
    recordAttempt: async () => undefined,
  } as unknown as RefundsStore;
  const tx: RefundsTransaction = { store, events: new RecordingEventSink() };
  const transactions: TransactionRunner = { run: (work) => work(tx) };
  const provider: PaymentProvider = {
    refund: async () => {
      calls.push('refund');
      return answers.refund.shift() as ProviderAnswer;
    },
    lookup: async () => {
      calls.push('lookup');
      if (answers.takenOverDuringLookup) row = { ...row, leaseToken: row.leaseToken + 1 };
      return answers.lookup.shift() as ProviderAnswer;
    },
    charge: async () => {
      throw new Error('a refund is never charged');
    },
    lookupCharge: async () => {
      throw new Error('a refund is never charged');
    },
  };
  const payments = new ProcessPayment(
    transactions,
    provider,
    { now: () => now },
    {
      maxAttempts: 3,
      backoff: { initialDelayMs: 1, maxDelayMs: 1 },
      leaseMs: 1000,
    },
  );
  return { payments, calls, current: () => row };
}

describe('ProcessPayment', () => {
  it('keeps asking, never paying, while the provider cannot say what an earlier call did', async () => {
    const { payments, calls, current } = world({
      lookup: [
        { outcome: 'transient', reason: 'the provider refused the connection', answer: null },
        { outcome: 'succeeded', reference: 'sbx_re_1', answer: null },
      ],
      refund: [],
    });

    await payments.next();
    expect(current()).toMatchObject({ state: 'pending', outcomeUnknown: true, attempts: 2 });
    await payments.next();

    expect(calls).toEqual(['lookup', 'lookup']);
    expect(current()).toMatchObject({ state: 'succeeded', providerReference: 'sbx_re_1', outcomeUnknown: false });
  });

  it('counts lookups towards the round’s bound, so an unreachable provider ends in needs_attention', async () => {
    const unreachable: ProviderAnswer = { outcome: 'unknown', reason: 'no answer within 500 ms', answer: null };
    const { payments, current } = world({ lookup: [unreachable, unreachable], refund: [] });

    await payments.next();
    await payments.next();

    expect(current()).toMatchObject({ state: 'needs_attention', attempts: 3 });
  });

  it('records nothing when another worker took the refund over while it waited for the provider', async () => {
    const declined: ProviderAnswer = { outcome: 'declined', reason: 'card closed', answer: null };
    const { payments, current } = world({ lookup: [declined], refund: [], takenOverDuringLookup: true });

    await payments.next();

    // The other worker holds the lease now: this one's "declined" must not fail the refund it may have paid.
    expect(current()).toMatchObject({ state: 'processing', attempts: 1, lastError: 'no answer within 500 ms' });
  });
});
