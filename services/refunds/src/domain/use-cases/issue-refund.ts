/**
 * Creates a refund of a return, once per phase. Store credit is issued here and now (with the
 * policy's bonus); money to the original payment method waits, pending, for the payment worker —
 * unless there is nothing to pay.
 */
import { randomUUID } from 'node:crypto';
import { RefundIssued, StoreCreditIssued, type RefundPhase } from '@rebound/contracts';
import { percentOf } from '../money';
import type { ApprovedTerms } from '../refund-amount';
import type { Refund } from '../refund';
import type { RefundsTransaction } from '../ports';

export async function issueRefund(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  phase: RefundPhase,
  amountMinor: number,
  now: Date,
): Promise<void> {
  const storeCredit = terms.refundMethod === 'store_credit';
  const paidAtOnce = storeCredit || amountMinor === 0;
  const refund: Refund = {
    refundId: randomUUID(),
    returnId: terms.returnId,
    orderId: terms.orderId,
    customerId: terms.customerId,
    phase,
    method: terms.refundMethod,
    currency: terms.currency,
    amountMinor,
    bonusMinor: storeCredit ? percentOf(amountMinor, terms.storeCreditBonusPercent) : 0,
    state: paidAtOnce ? 'succeeded' : 'pending',
    attempts: 0,
    nextAttemptAt: paidAtOnce ? null : now,
    outcomeUnknown: false,
    providerReference: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await tx.store.insertRefund(refund))) return;
  const base = {
    refundId: refund.refundId,
    returnId: refund.returnId,
    orderId: refund.orderId,
    currency: refund.currency,
  };
  if (storeCredit) {
    await tx.store.recordStoreCredit({
      customerId: refund.customerId,
      refundId: refund.refundId,
      currency: refund.currency,
      amountMinor: refund.amountMinor + refund.bonusMinor,
      at: now,
    });
    await tx.events.publish(
      StoreCreditIssued,
      { ...base, amountMinor: refund.amountMinor, bonusMinor: refund.bonusMinor, phase },
      refund.returnId,
    );
  } else if (amountMinor === 0) {
    await tx.events.publish(
      RefundIssued,
      { ...base, amountMinor: 0, method: 'original_payment', phase },
      refund.returnId,
    );
  }
}
