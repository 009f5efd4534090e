/**
 * What an inspection makes refundable, paid once per return. Without an instant refund, that amount
 * is refunded now. After an instant refund, it is reconciled: less refundable than was paid is
 * clawed back (a store-credit debit, or a charge request to the customer) and announced as
 * RefundAdjusted; more is topped up by a final refund.
 */
import { RefundAdjusted, type InspectionCompleted } from '@rebound/contracts';
import { TransientError } from '@rebound/messaging';
import { percentOf } from '../money';
import { refundForInspection } from '../refund-amount';
import type { RefundsTransaction } from '../ports';
import { debitStoreCredit } from './change-store-credit';
import { issueRefund } from './issue-refund';

export async function settleInspection(
  tx: RefundsTransaction,
  inspection: InspectionCompleted,
  now: Date,
): Promise<void> {
  const { store } = tx;
  const terms = await store.approvalOf(inspection.returnId);
  if (!terms) {
    // The approval travels on another topic; it is retried until it has been read.
    throw new TransientError(`the approval of return ${inspection.returnId} has not been read yet`);
  }
  await store.lockOrderMoney(terms.orderId);
  if (await store.refundOf(inspection.returnId, 'final')) return;
  const refundedBefore = await store.refundedPerLine(terms.orderId, terms.returnId);
  const breakdown = refundForInspection(terms, inspection.lines, (lineId) => refundedBefore.get(lineId) ?? 0);
  if (!(await store.settle(inspection.returnId, inspection.inspectionId, breakdown.totalMinor, now))) return;
  await store.recordLines(terms.returnId, terms.orderId, breakdown.lines);
  const refundable = breakdown.totalMinor;
  const instant = await store.refundOf(terms.returnId, 'instant');
  if (!instant) {
    await issueRefund(tx, terms, 'final', refundable, breakdown.lines, now);
    return;
  }
  const storeCredit = instant.method === 'store_credit';
  const paidValue = instant.amountMinor + instant.bonusMinor;
  const dueValue = refundable + (storeCredit ? percentOf(refundable, terms.storeCreditBonusPercent) : 0);
  const adjustmentMinor = Math.max(0, paidValue - dueValue);
  const kind = adjustmentMinor === 0 ? 'none' : storeCredit ? 'store_credit_debit' : 'charge_request';
  if (kind === 'store_credit_debit') {
    await debitStoreCredit(tx, {
      customerId: instant.customerId,
      refundId: instant.refundId,
      currency: instant.currency,
      amountMinor: adjustmentMinor,
      at: now,
    });
  }
  await store.recordAdjustment({
    returnId: terms.returnId,
    refundId: instant.refundId,
    adjustmentMinor,
    kind,
    refundableMinor: refundable,
    at: now,
  });
  await tx.events.publish(
    RefundAdjusted,
    {
      refundId: instant.refundId,
      returnId: terms.returnId,
      orderId: terms.orderId,
      currency: terms.currency,
      adjustmentMinor,
      kind,
      refundableMinor: refundable,
    },
    terms.returnId,
  );
  if (refundable > instant.amountMinor) {
    await issueRefund(tx, terms, 'final', refundable - instant.amountMinor, breakdown.lines, now);
  }
}
