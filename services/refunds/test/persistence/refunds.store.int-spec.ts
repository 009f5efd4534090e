import { PgRefundsStore } from '../../src/persistence/pg-refunds.store';
import { aRefund } from './records';
import { useRefundsSchema } from './refunds-schema';

const at = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);

describe('PgRefundsStore', () => {
  const db = useRefundsSchema('refunds_store');
  const inStore = <T>(work: (store: PgRefundsStore) => Promise<T>) =>
    db().inTransaction((manager) => work(new PgRefundsStore(manager)));

  it('makes a return’s refund of a phase once, and a claw-back once per refund it reverses', async () => {
    const refund = aRefund();
    expect(await inStore((store) => store.insertRefund(refund))).toBe(true);

    expect(await inStore((store) => store.insertRefund(aRefund({ ...refund, refundId: aRefund().refundId })))).toBe(
      false,
    );
    expect(await inStore((store) => store.refund(refund.refundId))).toMatchObject(refund);

    const clawback = (reverses: string) =>
      aRefund({ ...refund, refundId: aRefund().refundId, phase: 'clawback', reverses });
    const instant = aRefund({ ...refund, refundId: aRefund().refundId, phase: 'instant' });
    await inStore((store) => store.insertRefund(instant));
    expect(await inStore((store) => store.insertRefund(clawback(refund.refundId)))).toBe(true);
    expect(await inStore((store) => store.insertRefund(clawback(instant.refundId)))).toBe(true);
    // A second claw-back of the same refund is a bug upstream: the database refuses it outright.
    await expect(inStore((store) => store.insertRefund(clawback(instant.refundId)))).rejects.toThrow(
      /refunds_clawback_unique/,
    );
  });

  it('keeps a refund’s parts by n, and their state and reference as paid', async () => {
    const refund = aRefund();
    const part = {
      refundId: refund.refundId,
      n: 1,
      chargeId: 'charge-1',
      amountMinor: 1000,
      lines: [{ lineId: 'line-1', amountMinor: 1000 }],
      state: 'pending' as const,
      providerReference: null,
    };
    await inStore(async (store) => {
      await store.insertRefund(refund);
      await store.insertPayments([{ ...part, n: 2 }, part]);
      await store.updatePayment({ ...part, state: 'succeeded', providerReference: 'sbx_re_1' });
    });

    const parts = await inStore((store) => store.paymentsOf(refund.refundId));

    expect(parts.map((kept) => [kept.n, kept.state, kept.providerReference])).toEqual([
      [1, 'succeeded', 'sbx_re_1'],
      [2, 'pending', null],
    ]);
  });

  it('gives a due refund to one claimant under a new lease token, and again once the lease ran out', async () => {
    const refund = aRefund({ nextAttemptAt: at });
    await inStore((store) => store.insertRefund(refund));

    const first = await inStore((store) => store.claimDuePayment(later(1), later(1000)));
    const meanwhile = await inStore((store) => store.claimDuePayment(later(2), later(1000)));
    const afterLease = await inStore((store) => store.claimDuePayment(later(1001), later(2000)));

    expect(first).toMatchObject({
      refundId: refund.refundId,
      state: 'processing',
      leaseToken: 1,
      outcomeUnknown: false,
    });
    expect(meanwhile?.refundId).not.toBe(refund.refundId);
    // Its first claimant may have called the provider before it died: the next asks first.
    expect(afterLease).toMatchObject({ refundId: refund.refundId, leaseToken: 2, outcomeUnknown: true });
  });

  it('leaves a refund not yet due unclaimed', async () => {
    const refund = aRefund({ nextAttemptAt: later(60_000) });
    await inStore((store) => store.insertRefund(refund));

    const claimed = await inStore((store) => store.claimDuePayment(later(1), later(1000)));

    expect(claimed?.refundId).not.toBe(refund.refundId);
  });

  it('records what changed of a refund, and its return’s instant refunds oldest first', async () => {
    const returnId = aRefund().returnId;
    const instant = aRefund({ returnId, phase: 'instant', createdAt: at });
    const replacement = aRefund({ returnId, phase: 'instant', method: 'store_credit', createdAt: later(1) });
    await inStore(async (store) => {
      await store.insertRefund(instant);
      await store.updateRefund({ ...instant, state: 'superseded', nextAttemptAt: null, updatedAt: later(1) });
      await store.insertRefund(replacement);
    });

    const instants = await inStore((store) => store.lockInstantRefunds(returnId));

    expect(instants.map((refund) => [refund.refundId, refund.state])).toEqual([
      [instant.refundId, 'superseded'],
      [replacement.refundId, 'pending'],
    ]);
  });
});
