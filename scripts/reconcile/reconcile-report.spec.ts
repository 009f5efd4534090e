import { problemsOf, renderReport, type ReconciliationReport } from './reconcile-report';

const line = {
  lineId: 'jacket',
  capturedMinor: 17998,
  instantMinor: 17498,
  finalMinor: 17498,
  storeCreditMinor: 0,
  releasedMinor: 0,
  reversedMinor: -17498,
  adjustedMinor: 0,
  refundedMinor: 17498,
  leftMinor: 500,
  outstandingClawbackMinor: 0,
  withinCaptured: true,
};

const payment = {
  idempotencyKey: 'r1.1',
  call: 'refund',
  phase: 'final',
  chargeId: 'ch_1',
  amountMinor: 17498,
  state: 'succeeded',
  provider: { status: 'agrees', detail: 'applied as re_1' },
};

function report(overrides: Partial<ReconciliationReport> = {}): ReconciliationReport {
  return {
    orderId: 'order-42',
    capturesKnown: true,
    lines: [line],
    payments: [payment],
    outstandingClawbacks: [],
    summary: {
      capturedMinor: 17998,
      refundedMinor: 17498,
      leftMinor: 500,
      outstandingClawbackMinor: 0,
      providerChecks: { agrees: 1, disagrees: 0, missing: 0, unknown: 0 },
      agrees: true,
    },
    ...overrides,
  };
}

describe('the reconciliation report at a terminal', () => {
  it('shows a row per line under its column titles, a row per provider call, and says it agrees', () => {
    const text = renderReport(report());

    expect(text.split('\n')).toEqual([
      'Order order-42 (amounts in minor units)',
      '',
      'line    captured  instant  final  credit  released  reversed  adjusted  refunded  left  claw-back due',
      'jacket  17998     17498    17498  0       0         -17498    0         17498     500   0',
      '',
      'captured 17998, refunded 17498, left 500, claw-backs not collected 0',
      '',
      'key   call          charge  amount  refunds    provider  detail',
      'r1.1  final refund  ch_1    17498   succeeded  agrees    applied as re_1',
      '',
      'provider: 1 agree, 0 disagree, 0 missing, 0 unknown',
      'AGREES: every line within its captures, the provider agrees with every call.',
    ]);
    expect(problemsOf(report())).toEqual([]);
  });

  it('spells out a line refunded above its captures and every call the provider does not agree with', () => {
    const missing = { ...payment, idempotencyKey: 'r1.2', provider: { status: 'missing', detail: 'no record' } };
    const tampered = report({
      lines: [{ ...line, refundedMinor: 18000, leftMinor: -2, withinCaptured: false }],
      payments: [payment, missing],
      outstandingClawbacks: [
        { refundId: 'c1', method: 'store_credit', state: 'needs_attention', outstandingMinor: 300 },
      ],
    });

    expect(problemsOf(tampered)).toEqual([
      'line jacket is refunded 18000, above the 17998 captured',
      'r1.2 (final refund): missing — no record',
    ]);
    const text = renderReport(tampered);
    expect(text).toContain('ABOVE CAPTURED');
    expect(text).toContain('  claw-back c1 (store_credit, needs_attention): 300 not collected');
    expect(text).toMatch(/DOES NOT AGREE:\n {2}- line jacket/);
  });
});
