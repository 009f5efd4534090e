import { randomUUID } from 'node:crypto';
import type { LineRefund } from '../../src/domain/refund-amount';
import { termsOf } from '../../src/domain/use-cases/record-approval/record-approval';
import { PgApprovalsStore } from '../../src/persistence/pg-approvals.store';
import { PgRefundsStore } from '../../src/persistence/pg-refunds.store';
import { approvedReturn, exchangeResolution, withResolutions } from '../support/fixtures';
import { aRefund } from './records';
import { useRefundsSchema } from './refunds-schema';

const at = new Date('2026-12-01T10:00:00Z');

/** The breakdown an inspection of approvedReturn gives when everything came back as sold. */
const lines: LineRefund[] = [
  {
    lineId: 'jacket',
    acceptedQuantity: 2,
    grossMinor: 17998,
    restockingFeeMinor: 500,
    shippingFeeMinor: 495,
    refundMinor: 17003,
    capMinor: 17998,
  },
  {
    lineId: 'scarf',
    acceptedQuantity: 1,
    grossMinor: 1999,
    restockingFeeMinor: 0,
    shippingFeeMinor: 0,
    refundMinor: 1999,
    capMinor: 1999,
  },
];

describe('PgApprovalsStore', () => {
  const db = useRefundsSchema('refunds_approvals_store');
  const inStore = <T>(work: (approvals: PgApprovalsStore) => Promise<T>) =>
    db().inTransaction((manager) => work(new PgApprovalsStore(manager)));

  it('keeps a return’s approval once, as the policy decided it', async () => {
    const terms = termsOf(approvedReturn());

    expect(await inStore((approvals) => approvals.keepApproval(terms))).toBe(true);
    expect(await inStore((approvals) => approvals.keepApproval({ ...terms, expectedRefundMinor: 1 }))).toBe(false);
    expect(await inStore((approvals) => approvals.approvalOf(terms.returnId))).toEqual(terms);
  });

  it('keeps an inspection’s settlement once, with its lines, until it is applied', async () => {
    const terms = termsOf(approvedReturn());
    const settlement = {
      returnId: terms.returnId,
      orderId: terms.orderId,
      inspectionId: randomUUID(),
      refundableMinor: 19002,
      at,
    };
    await inStore((approvals) => approvals.keepApproval(terms));

    expect(await inStore((approvals) => approvals.settle(settlement, lines))).toBe(true);
    expect(await inStore((approvals) => approvals.settle({ ...settlement, inspectionId: randomUUID() }, lines))).toBe(
      false,
    );
    const pending = await inStore((approvals) => approvals.pendingSettlement(terms.returnId));
    expect(pending).toMatchObject({ inspectionId: settlement.inspectionId, refundableMinor: 19002, at });
    expect(pending?.lines).toEqual(
      expect.arrayContaining([
        { lineId: 'jacket', amountMinor: 17003 },
        { lineId: 'scarf', amountMinor: 1999 },
      ]),
    );

    await inStore((approvals) => approvals.markSettlementApplied(terms.returnId, at));

    expect(await inStore((approvals) => approvals.pendingSettlement(terms.returnId))).toBeUndefined();
  });

  it('records an adjustment of the return’s instant refund', async () => {
    const refund = aRefund({ phase: 'instant' });
    await db().inTransaction((manager) => new PgRefundsStore(manager).insertRefund(refund));

    await inStore((approvals) =>
      approvals.recordAdjustment({
        returnId: refund.returnId,
        refundId: refund.refundId,
        adjustmentMinor: 500,
        kind: 'charge_request',
        refundableMinor: 500,
        at,
      }),
    );

    const [row] = await db().schema.query('SELECT * FROM adjustments WHERE return_id = $1', [refund.returnId]);
    expect(row).toMatchObject({ refund_id: refund.refundId, kind: 'charge_request' });
  });

  it('changes one line’s resolution, keeps an exchange order and how its lines were settled once, and remembers the first ending', async () => {
    const approved = approvedReturn();
    const terms = termsOf(
      withResolutions(approved, { jacket: exchangeResolution(approved.lines[0], { unitPriceMinor: 9999 }) }),
    );
    await inStore((approvals) => approvals.keepApproval(terms));

    await inStore((approvals) => approvals.changeResolution(terms.returnId, 'jacket', { kind: 'refund' }));
    expect((await inStore((approvals) => approvals.approvalOf(terms.returnId)))?.lines).toEqual([
      { ...terms.lines[0], resolution: { kind: 'refund' } },
      terms.lines[1],
    ]);

    const order = {
      returnId: terms.returnId,
      lines: [{ lineId: 'jacket', quantity: 2, unitPriceMinor: 9999 }],
      requestedAt: at,
    };
    expect(await inStore((approvals) => approvals.keepExchangeOrder(order))).toBe(true);
    expect(await inStore((approvals) => approvals.keepExchangeOrder({ ...order, lines: [] }))).toBe(false);
    expect(await inStore((approvals) => approvals.exchangeOrderOf(terms.returnId))).toEqual(order);

    const settled = {
      lineId: 'jacket',
      creditMinor: 17498,
      replacementCostMinor: 19998,
      appliedMinor: 17498,
      surplusMinor: 0,
      shortfallMinor: 2500,
      bonusMinor: 300,
    };
    expect(await inStore((approvals) => approvals.exchangeLinesOf(terms.returnId))).toEqual([]);
    await inStore((approvals) => approvals.recordExchangeLines(terms.returnId, terms.orderId, [settled], at));
    expect(await inStore((approvals) => approvals.exchangeLinesOf(terms.returnId))).toEqual([settled]);

    expect(await inStore((approvals) => approvals.endedReason(terms.returnId))).toBeUndefined();
    await inStore((approvals) => approvals.markEnded(terms.returnId, 'abandoned'));
    await inStore((approvals) => approvals.markEnded(terms.returnId, 'expired'));
    expect(await inStore((approvals) => approvals.endedReason(terms.returnId))).toBe('abandoned');
  });
});
