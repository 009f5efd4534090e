import { randomUUID } from 'node:crypto';
import { PgMoneyLedgerStore } from '../../src/persistence/pg-money-ledger.store';
import { PgReconciliationReads } from '../../src/persistence/pg-reconciliation.reads';
import { PgRefundsReads } from '../../src/persistence/pg-refunds.reads';
import { PgRefundsStore } from '../../src/persistence/pg-refunds.store';
import { aRefund } from './records';
import { useRefundsSchema } from './refunds-schema';

const at = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);

describe('PgRefundsReads and PgReconciliationReads', () => {
  const db = useRefundsSchema('refunds_reads');
  const reads = () => new PgRefundsReads(db().dataSource.manager);

  it('pages an order’s refunds oldest first, final before claw-back, and sums what they refunded', async () => {
    const orderId = `order-${randomUUID()}`;
    const final = aRefund({ orderId, state: 'succeeded', amountMinor: 5000, createdAt: at });
    const instant = aRefund({ orderId, phase: 'instant', state: 'succeeded', amountMinor: 3000, createdAt: later(1) });
    const clawback = aRefund({
      orderId,
      returnId: instant.returnId,
      phase: 'clawback',
      reverses: instant.refundId,
      state: 'succeeded',
      amountMinor: 1000,
      createdAt: later(1),
    });
    await db().inTransaction(async (manager) => {
      const store = new PgRefundsStore(manager);
      for (const refund of [final, instant, clawback]) await store.insertRefund(refund);
    });

    const first = await reads().refundsOfOrder(orderId, 2);
    const rest = await reads().refundsOfOrder(orderId, 2, first[1]);

    expect([...first, ...rest].map((refund) => refund.refundId)).toEqual([
      final.refundId,
      instant.refundId,
      clawback.refundId,
    ]);
    expect(await reads().refundedOfOrder(orderId)).toBe(5000 + 3000 - 1000);
    expect((await reads().refundsOfReturn(instant.returnId)).map((refund) => refund.phase)).toEqual([
      'instant',
      'clawback',
    ]);
  });

  it('lists refunds in a state by their last change, after the position given', async () => {
    const stuck = [
      aRefund({ state: 'needs_attention', updatedAt: later(10) }),
      aRefund({ state: 'needs_attention', updatedAt: later(20) }),
    ];
    await db().inTransaction(async (manager) => {
      for (const refund of stuck) await new PgRefundsStore(manager).insertRefund(refund);
    });

    const page = await reads().refundsIn('needs_attention', 10, { updatedAt: later(10), refundId: stuck[0].refundId });

    expect(page.map((refund) => refund.refundId)).toContain(stuck[1].refundId);
    expect(page.map((refund) => refund.refundId)).not.toContain(stuck[0].refundId);
  });

  it('knows no money of an order it never heard of, and an order’s captures, ledger and refunds once it has', async () => {
    const reconciliation = new PgReconciliationReads(db().dataSource.manager);
    const orderId = `order-${randomUUID()}`;
    expect(await reconciliation.moneyOf(orderId)).toBeUndefined();
    const refund = aRefund({ orderId });
    await db().inTransaction(async (manager) => {
      await new PgMoneyLedgerStore(manager).recordCaptures(orderId, [
        { chargeId: 'card', lineId: 'jacket', amountMinor: 100 },
      ]);
      await new PgRefundsStore(manager).insertRefund(refund);
    });

    const money = await reconciliation.moneyOf(orderId);

    expect(money).toMatchObject({
      orderId,
      captures: [{ chargeId: 'card', lineId: 'jacket', amountMinor: 100 }],
      ledger: [],
      refunds: [expect.objectContaining({ refundId: refund.refundId })],
      payments: [],
    });
  });
});
