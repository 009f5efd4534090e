import { randomUUID } from 'node:crypto';
import { chargeLineKey } from '../../src/domain/charge-allocation';
import type { LedgerEntry } from '../../src/domain/money-ledger';
import { PgMoneyLedgerStore } from '../../src/persistence/pg-money-ledger.store';
import { PgRefundsStore } from '../../src/persistence/pg-refunds.store';
import { aRefund } from './records';
import { useRefundsSchema } from './refunds-schema';

const at = new Date('2026-12-01T10:00:00Z');

describe('PgMoneyLedgerStore', () => {
  const db = useRefundsSchema('refunds_ledger_store');
  const inLedger = <T>(work: (ledger: PgMoneyLedgerStore, refunds: PgRefundsStore) => Promise<T>) =>
    db().inTransaction((manager) => work(new PgMoneyLedgerStore(manager), new PgRefundsStore(manager)));

  it('keeps what was captured per charge and line, a capture known before as it was', async () => {
    const orderId = `order-${randomUUID()}`;
    await inLedger((ledger) =>
      ledger.recordCaptures(orderId, [
        { chargeId: 'card', lineId: 'jacket', amountMinor: 17998 },
        { chargeId: 'gift', lineId: 'jacket', amountMinor: 2000 },
        { chargeId: 'card', lineId: 'scarf', amountMinor: 5997 },
      ]),
    );
    await inLedger((ledger) =>
      ledger.recordCaptures(orderId, [{ chargeId: 'card', lineId: 'jacket', amountMinor: 1 }]),
    );

    const captured = await inLedger((ledger) => ledger.capturedPerLine(orderId));

    expect(captured).toEqual(
      new Map([
        ['jacket', 19998],
        ['scarf', 5997],
      ]),
    );
  });

  it('sums the order’s ledger per line, without one return’s entries when asked, and per refund', async () => {
    const orderId = `order-${randomUUID()}`;
    const [mine, other] = [aRefund({ orderId }), aRefund({ orderId })];
    const entry = (refund: typeof mine, lineId: string, amountMinor: number): LedgerEntry => ({
      orderId,
      lineId,
      returnId: refund.returnId,
      refundId: refund.refundId,
      kind: 'final',
      amountMinor,
      at,
    });
    await inLedger(async (ledger, refunds) => {
      await refunds.insertRefund(mine);
      await refunds.insertRefund(other);
      await ledger.appendLedger([entry(mine, 'jacket', 5000), entry(mine, 'jacket', -5000), entry(mine, 'scarf', 700)]);
      await ledger.appendLedger([entry(other, 'jacket', 3000)]);
    });

    expect(await inLedger((ledger) => ledger.ledgerPerLine(orderId))).toEqual(
      new Map([
        ['jacket', 3000],
        ['scarf', 700],
      ]),
    );
    expect(await inLedger((ledger) => ledger.ledgerPerLine(orderId, other.returnId))).toEqual(
      new Map([
        ['jacket', 0],
        ['scarf', 700],
      ]),
    );
    // A line whose entries cancel out is no longer the refund's.
    expect(await inLedger((ledger) => ledger.ledgerOfRefund(mine.refundId))).toEqual(new Map([['scarf', 700]]));
  });

  it('counts what refunds took from each charge, paid or still to pay, and offers collected claw-backs again', async () => {
    const orderId = `order-${randomUUID()}`;
    const refund = aRefund({ orderId, phase: 'instant' });
    const clawback = aRefund({ orderId, returnId: refund.returnId, phase: 'clawback', reverses: refund.refundId });
    const part = (of: typeof refund, n: number, state: 'pending' | 'succeeded' | 'failed', amountMinor: number) => ({
      refundId: of.refundId,
      n,
      chargeId: 'card',
      amountMinor,
      lines: [{ lineId: 'jacket', amountMinor }],
      state,
      providerReference: state === 'succeeded' ? `sbx-${of.refundId}-${n}` : null,
    });
    await inLedger(async (ledger, refunds) => {
      await ledger.recordCaptures(orderId, [{ chargeId: 'card', lineId: 'jacket', amountMinor: 10000 }]);
      await refunds.insertRefund(refund);
      await refunds.insertPayments([
        part(refund, 1, 'succeeded', 4000),
        part(refund, 2, 'failed', 1000),
        part(refund, 3, 'pending', 500),
      ]);
      await refunds.insertRefund(clawback);
      await refunds.insertPayments([part(clawback, 1, 'succeeded', 1500)]);
    });

    expect(await inLedger((ledger) => ledger.takenFromCharges(orderId))).toEqual(
      new Map([[chargeLineKey('card', 'jacket'), 4500]]),
    );
    expect(await inLedger((ledger) => ledger.refundableCharges(orderId))).toEqual([
      { chargeId: 'card', lineId: 'jacket', amountMinor: 10000 },
      { chargeId: `sbx-${clawback.refundId}-1`, lineId: 'jacket', amountMinor: 1500 },
    ]);
  });
});
