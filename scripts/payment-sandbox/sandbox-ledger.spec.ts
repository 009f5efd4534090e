import { SandboxLedger } from './sandbox-ledger';

const now = new Date('2026-12-01T10:00:00Z');
const request = { paymentReference: 'order-1', amountMinor: 1500, currency: 'EUR' };

describe('SandboxLedger', () => {
  it('applies a refund once per idempotency key, and answers a repeat with the same refund', () => {
    const ledger = new SandboxLedger();
    const first = ledger.call('key-1', request, now);
    const again = ledger.call('key-1', request, now);
    expect(first).toMatchObject({
      kind: 'refund',
      replayed: false,
      refund: { status: 'succeeded', amountMinor: 1500 },
    });
    expect(again).toEqual({ kind: 'refund', replayed: true, refund: first.kind === 'refund' && first.refund });
    expect(ledger.forReference('order-1')).toHaveLength(1);
  });

  it('refuses a key reused for another amount', () => {
    const ledger = new SandboxLedger();
    ledger.call('key-1', request, now);
    expect(ledger.call('key-1', { ...request, amountMinor: 1 }, now)).toMatchObject({ kind: 'key-reused' });
  });

  it('plays the scripted outcomes of a payment reference in order, then succeeds', () => {
    const ledger = new SandboxLedger();
    ledger.script('order-1', ['fail_transient', 'timeout_after_apply', 'fail_permanent']);
    expect(ledger.call('a', request, now)).toEqual({ kind: 'unavailable' });
    expect(ledger.byKey('a')).toBeUndefined();
    expect(ledger.call('a', request, now)).toMatchObject({ kind: 'hang', refund: { status: 'succeeded' } });
    expect(ledger.call('a', request, now)).toMatchObject({ kind: 'refund', replayed: true });
    expect(ledger.call('b', request, now)).toMatchObject({ kind: 'refund', refund: { status: 'declined' } });
    expect(ledger.call('c', request, now)).toMatchObject({ kind: 'refund', refund: { status: 'succeeded' } });
  });
});
