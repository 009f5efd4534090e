/** The sandbox's memory, on the real Postgres in a schema of the test's own. */
import { TestSchema } from '@rebound/testing';
import { SandboxLedger } from './sandbox-ledger';

const request = { paymentReference: 'order-1', amountMinor: 1500, currency: 'EUR' };

describe('SandboxLedger', () => {
  let schema: TestSchema;
  const opened: SandboxLedger[] = [];
  const open = async (latencyMs = 0) => {
    const ledger = await SandboxLedger.open({ databaseUrl: schema.url, schema: schema.name, latencyMs });
    opened.push(ledger);
    return ledger;
  };

  beforeEach(async () => {
    schema = await TestSchema.create('payment_sandbox');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((ledger) => ledger.close()));
    await schema.drop();
  });

  it('applies a refund once per idempotency key, and answers a repeat with the same refund', async () => {
    const ledger = await open();
    const first = await ledger.call('refund', 'key-1', request);
    const again = await ledger.call('refund', 'key-1', request);
    expect(first).toMatchObject({
      kind: 'payment',
      replayed: false,
      payment: { kind: 'refund', status: 'succeeded', amountMinor: 1500, id: expect.stringMatching(/^sbx_re_/) },
    });
    expect(again).toEqual({ kind: 'payment', replayed: true, payment: first.kind === 'payment' && first.payment });
    expect(await ledger.forReference('refund', 'order-1')).toHaveLength(1);
  });

  it('refuses a key reused for another amount', async () => {
    const ledger = await open();
    await ledger.call('refund', 'key-1', request);
    expect(await ledger.call('refund', 'key-1', { ...request, amountMinor: 1 })).toMatchObject({ kind: 'key-reused' });
  });

  it('plays the scripted outcomes of a payment reference in order across refunds and charges, then succeeds', async () => {
    const ledger = await open();
    await ledger.script('order-1', ['fail_transient', 'rate_limited', 'timeout_after_apply', 'fail_permanent']);
    expect(await ledger.call('refund', 'a', request)).toEqual({ kind: 'unavailable' });
    expect(await ledger.byKey('refund', 'a')).toEqual({ kind: 'absent' });
    expect(await ledger.call('refund', 'a', request)).toEqual({ kind: 'rate-limited' });
    expect(await ledger.byKey('refund', 'a')).toEqual({ kind: 'absent' });
    expect(await ledger.call('refund', 'a', request)).toMatchObject({ kind: 'hang', payment: { status: 'succeeded' } });
    expect(await ledger.call('refund', 'a', request)).toMatchObject({ kind: 'payment', replayed: true });
    expect(await ledger.call('charge', 'b', request)).toMatchObject({
      kind: 'payment',
      payment: { kind: 'charge', status: 'declined', id: expect.stringMatching(/^sbx_ch_/) },
    });
    expect(await ledger.call('refund', 'c', request)).toMatchObject({
      kind: 'payment',
      payment: { status: 'succeeded' },
    });
  });

  it('keeps refund and charge keys apart: the same key names one refund and one charge', async () => {
    const ledger = await open();
    const refund = await ledger.call('refund', 'key-1', request);
    const charge = await ledger.call('charge', 'key-1', request);
    expect(refund).toMatchObject({ kind: 'payment', replayed: false, payment: { kind: 'refund' } });
    expect(charge).toMatchObject({ kind: 'payment', replayed: false, payment: { kind: 'charge' } });
    expect(await ledger.forReference('charge', 'order-1')).toHaveLength(1);
  });

  it('tells a second call with the same key that the key is in use while the first is still in flight', async () => {
    const ledger = await open();
    await ledger.script('order-1', [], 400);
    const first = ledger.call('refund', 'key-1', request);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await ledger.call('refund', 'key-1', request);
    expect(await ledger.byKey('refund', 'key-1')).toEqual({ kind: 'in-flight' });

    expect(second).toEqual({ kind: 'key-in-use' });
    expect(await first).toMatchObject({ kind: 'payment', replayed: false });
    expect(await ledger.forReference('refund', 'order-1')).toHaveLength(1);
  });

  it('applies one of many concurrent calls with the same key, whichever sandbox takes them', async () => {
    const [one, other] = [await open(), await open()];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) => (n % 2 ? one : other).call('refund', 'key-1', request)),
    );
    const applied = results.filter((result) => result.kind === 'payment' && !result.replayed);
    expect(applied).toHaveLength(1);
    expect(await one.forReference('refund', 'order-1')).toHaveLength(1);
  });

  it('remembers what it did after a restart: the same key is looked up and replayed, not applied again', async () => {
    const before = await open();
    const applied = await before.call('refund', 'key-1', request);
    await before.close();
    opened.splice(opened.indexOf(before), 1);

    const after = await open();
    expect(await after.byKey('refund', 'key-1')).toEqual({
      kind: 'payment',
      payment: applied.kind === 'payment' && applied.payment,
    });
    expect(await after.call('refund', 'key-1', request)).toMatchObject({ kind: 'payment', replayed: true });
    expect(await after.forReference('refund', 'order-1')).toHaveLength(1);
  });

  it('takes over a key whose call was abandoned in flight by a sandbox that died', async () => {
    const ledger = await open();
    await schema.query(
      `INSERT INTO refunds (idempotency_key, id, payment_reference, amount_minor, currency, status, in_flight_until, created_at)
       VALUES ('key-1', 'sbx_re_abandoned', 'order-1', 1500, 'EUR', 'in_flight', now() - interval '1 second', now() - interval '1 minute')`,
    );
    expect(await ledger.byKey('refund', 'key-1')).toEqual({ kind: 'absent' });
    expect(await ledger.call('refund', 'key-1', request)).toMatchObject({
      kind: 'payment',
      replayed: false,
      payment: { status: 'succeeded' },
    });
  });
});
