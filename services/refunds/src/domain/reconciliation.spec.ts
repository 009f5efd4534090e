import { checkPayment, providerCallsOf, reconcile, type OrderMoney } from './reconciliation';
import type { ProviderAnswer, Refund, RefundPayment } from './refund';

const at = new Date('2026-12-01T10:00:00Z');

function refund(refundId: string, overrides: Partial<Refund> = {}): Refund {
  return {
    refundId,
    returnId: 'return-1',
    orderId: 'order-1',
    customerId: 'customer-1',
    phase: 'final',
    method: 'original_payment',
    currency: 'EUR',
    amountMinor: 0,
    bonusMinor: 0,
    state: 'succeeded',
    attempts: 1,
    nextAttemptAt: null,
    outcomeUnknown: false,
    providerReference: null,
    lastError: null,
    createdAt: at,
    updatedAt: at,
    leaseToken: 1,
    reverses: null,
    reversalReason: null,
    ...overrides,
  };
}

function part(refundId: string, n: number, overrides: Partial<RefundPayment> = {}): RefundPayment {
  return {
    refundId,
    n,
    chargeId: 'ch_1',
    amountMinor: 17498,
    lines: [{ lineId: 'jacket', amountMinor: 17498 }],
    state: 'succeeded',
    providerReference: `ref-${refundId}.${n}`,
    ...overrides,
  };
}

const applied = (reference: string): ProviderAnswer => ({ outcome: 'succeeded', reference, answer: {} });
const absent: ProviderAnswer = { outcome: 'absent', answer: {} };
const declined: ProviderAnswer = { outcome: 'declined', reason: 'card closed', answer: {} };
const unreachable: ProviderAnswer = { outcome: 'unknown', reason: 'no answer within 500 ms', answer: {} };

/** A jacket line captured 179.98 on one charge: refunded instantly, clawed back (cancelled), then refunded finally. */
function cancelledThenRefunded(): OrderMoney {
  return {
    orderId: 'order-1',
    captures: [
      { chargeId: 'ch_1', lineId: 'jacket', amountMinor: 17998 },
      { chargeId: 'ch_1', lineId: 'scarf', amountMinor: 5997 },
    ],
    ledger: [
      { lineId: 'jacket', kind: 'instant', amountMinor: 17498 },
      { lineId: 'jacket', kind: 'reversal', amountMinor: -17498 },
      { lineId: 'jacket', kind: 'final', amountMinor: 17498 },
    ],
    refunds: [
      refund('instant', { phase: 'instant', reversalReason: 'cancelled' }),
      refund('clawback', { phase: 'clawback', reverses: 'instant', reversalReason: 'cancelled' }),
      refund('final'),
    ],
    payments: [part('instant', 1), part('clawback', 1), part('final', 1)],
    storeCreditTaken: new Map(),
  };
}

const allApplied = (money: OrderMoney) =>
  new Map(
    money.payments.map((payment) => [
      `${payment.refundId}.${payment.n}`,
      applied(`ref-${payment.refundId}.${payment.n}`),
    ]),
  );

describe('reconciliation of an order', () => {
  it('adds up each line from its ledger: captured, refunded by kind, and what is left', () => {
    const money = cancelledThenRefunded();
    const report = reconcile(money, allApplied(money));

    expect(report.lines).toEqual([
      {
        lineId: 'jacket',
        capturedMinor: 17998,
        charges: [{ chargeId: 'ch_1', capturedMinor: 17998 }],
        ledger: {
          instant: 17498,
          final: 17498,
          store_credit: 0,
          exchange: 0,
          release: 0,
          reversal: -17498,
          adjustment: 0,
        },
        refundedMinor: 17498,
        leftMinor: 500,
        outstandingClawbackMinor: 0,
        withinCaptured: true,
      },
      expect.objectContaining({ lineId: 'scarf', capturedMinor: 5997, refundedMinor: 0, leftMinor: 5997 }),
    ]);
    expect(report.summary).toEqual({
      capturedMinor: 23995,
      refundedMinor: 17498,
      leftMinor: 6497,
      outstandingClawbackMinor: 0,
      providerChecks: { agrees: 3, disagrees: 0, missing: 0, unknown: 0 },
      agrees: true,
    });
  });

  it('asks the provider about refunds as refunds and about claw-backs as charges, by each part’s key', () => {
    expect(providerCallsOf(cancelledThenRefunded())).toEqual([
      { idempotencyKey: 'instant.1', call: 'refund' },
      { idempotencyKey: 'clawback.1', call: 'charge' },
      { idempotencyKey: 'final.1', call: 'refund' },
    ]);
  });

  it('does not agree when a part refunds holds paid is unknown to the provider', () => {
    const money = cancelledThenRefunded();
    const report = reconcile(money, new Map([...allApplied(money), ['final.1', absent]]));

    expect(report.payments.find((payment) => payment.refundId === 'final')?.provider).toEqual({
      status: 'missing',
      detail: 'the provider has nothing under the key; refunds has it succeeded (ref-final.1)',
    });
    expect(report.summary.agrees).toBe(false);
    expect(report.summary.providerChecks).toMatchObject({ agrees: 2, missing: 1 });
  });

  it('does not agree with a line refunded above its captures', () => {
    const money = cancelledThenRefunded();
    const report = reconcile(
      { ...money, ledger: [...money.ledger, { lineId: 'jacket', kind: 'store_credit', amountMinor: 1000 }] },
      allApplied(money),
    );

    expect(report.lines[0]).toMatchObject({ refundedMinor: 18498, leftMinor: -500, withinCaptured: false });
    expect(report.summary.agrees).toBe(false);
  });

  it('judges an order refunds never learned captures of by its ledger only', () => {
    const report = reconcile(
      {
        orderId: 'order-1',
        captures: [],
        ledger: [{ lineId: 'jacket', kind: 'store_credit', amountMinor: 17498 }],
        refunds: [refund('credit', { method: 'store_credit' })],
        payments: [],
        storeCreditTaken: new Map(),
      },
      new Map(),
    );

    expect(report.capturesKnown).toBe(false);
    expect(report.lines[0]).toMatchObject({ capturedMinor: 0, refundedMinor: 17498, withinCaptured: true });
    expect(report.summary.agrees).toBe(true);
  });

  it('counts what claw-backs have not collected: per line through the provider, and store credit the customer spent', () => {
    const money = cancelledThenRefunded();
    const report = reconcile(
      {
        ...money,
        ledger: money.ledger.filter((entry) => entry.kind !== 'reversal'),
        refunds: [
          ...money.refunds.filter((candidate) => candidate.refundId !== 'clawback'),
          refund('clawback', { phase: 'clawback', state: 'failed', reverses: 'instant', amountMinor: 17498 }),
          refund('debit', {
            phase: 'clawback',
            method: 'store_credit',
            state: 'needs_attention',
            reverses: 'other-instant',
            amountMinor: 2000,
          }),
        ],
        // A declined charge, then its retry still to be made: the line's share counts once.
        payments: [
          part('instant', 1),
          part('clawback', 1, { state: 'failed', providerReference: null }),
          part('clawback', 2, { state: 'pending', providerReference: null }),
          part('final', 1),
        ],
        storeCreditTaken: new Map([['debit', 1500]]),
      },
      new Map([
        ['instant.1', applied('ref-instant.1')],
        ['clawback.1', declined],
        ['clawback.2', absent],
        ['final.1', applied('ref-final.1')],
      ]),
    );

    expect(report.lines[0]).toMatchObject({ lineId: 'jacket', refundedMinor: 34996, outstandingClawbackMinor: 17498 });
    expect(report.outstandingClawbacks).toEqual([
      expect.objectContaining({ refundId: 'clawback', outstandingMinor: 17498 }),
      expect.objectContaining({ refundId: 'debit', method: 'store_credit', outstandingMinor: 500 }),
    ]);
    expect(report.summary.outstandingClawbackMinor).toBe(17998);
    expect(report.summary.providerChecks).toEqual({ agrees: 4, disagrees: 0, missing: 0, unknown: 0 });
  });
});

describe('the provider’s check of one part', () => {
  it('agrees when the provider applied it under refunds’ reference', () => {
    expect(checkPayment(part('r', 1), applied('ref-r.1')).status).toBe('agrees');
  });

  it('disagrees when the provider applied what refunds holds pending, failed or under another reference', () => {
    expect(checkPayment(part('r', 1, { state: 'pending', providerReference: null }), applied('re_9'))).toEqual({
      status: 'disagrees',
      detail: 'the provider applied it as re_9; refunds has it pending',
    });
    expect(checkPayment(part('r', 1, { state: 'failed' }), applied('re_9')).status).toBe('disagrees');
    expect(checkPayment(part('r', 1), applied('re_9')).status).toBe('disagrees');
  });

  it('disagrees when the provider declined what refunds holds paid, or still to pay', () => {
    expect(checkPayment(part('r', 1), declined).status).toBe('disagrees');
    expect(checkPayment(part('r', 1, { state: 'pending' }), declined).status).toBe('disagrees');
  });

  it('agrees that nothing moved for a part declined, cancelled or not paid yet', () => {
    expect(checkPayment(part('r', 1, { state: 'failed' }), declined).status).toBe('agrees');
    expect(checkPayment(part('r', 1, { state: 'cancelled' }), absent).status).toBe('agrees');
    expect(checkPayment(part('r', 1, { state: 'pending' }), absent).status).toBe('agrees');
  });

  it('cannot say when the provider could not be asked', () => {
    expect(checkPayment(part('r', 1), unreachable)).toEqual({
      status: 'unknown',
      detail: 'the provider could not say: no answer within 500 ms',
    });
    expect(checkPayment(part('r', 1), undefined).status).toBe('unknown');
  });
});
