/**
 * Creates a refund of a return, once per phase. Store credit is issued here and now (with the
 * policy's bonus); money to the original payment method is split over the charges that paid the
 * returned lines (one part per charge) and waits, pending, for the payment worker — unless there is
 * nothing to pay. The charges are the order's captures, then the charges claw-backs collected from the
 * customer (money paid back and charged again can be refunded again). When no known charge can take
 * the amount (an order without payments), the refund needs attention at once: ops fall it back to
 * store credit. Its line shares are
 * booked on the order's ledger as it is made, so money on its way counts against what was captured.
 */
import { RefundIssued, StoreCreditIssued } from '@rebound/contracts';
import { allocateToCharges, chargeLineKey, type ChargePart, type LineShare } from './charge-allocation';
import { percentOf } from '@rebound/kernel';
import type { ApprovedTerms } from './refund-amount';
import { announcedPhase, newRefund, type Phase, type Refund } from './refund';
import type { MoneyLedgerStore, RefundsTransaction } from './ports';
import { creditStoreCredit } from './store-credit-changes';
import { book } from './ledger-booking';

/** @returns the refund made; undefined when the return already had one of the phase. */
export async function issueRefund(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  phase: Exclude<Phase, 'clawback' | 'collection' | 'exchange'>,
  amountMinor: number,
  shares: readonly LineShare[],
  now: Date,
): Promise<Refund | undefined> {
  const storeCredit = terms.refundMethod === 'store_credit';
  const paidAtOnce = storeCredit || amountMinor === 0;
  const parts = paidAtOnce ? [] : await chargeParts(tx.ledger, terms, amountMinor, shares);
  const refund = newRefund(
    {
      returnId: terms.returnId,
      orderId: terms.orderId,
      customerId: terms.customerId,
      phase,
      method: terms.refundMethod,
      currency: terms.currency,
      amountMinor,
      bonusMinor: storeCredit ? percentOf(amountMinor, terms.storeCreditBonusPercent) : 0,
      state: paidAtOnce ? 'succeeded' : parts ? 'pending' : 'needs_attention',
      nextAttemptAt: paidAtOnce || !parts ? null : now,
      lastError: parts === undefined ? noChargeError(amountMinor) : null,
    },
    now,
  );
  if (!(await tx.refunds.insertRefund(refund))) return undefined;
  await book(tx, terms, refund, shares, now);
  if (parts) {
    await tx.refunds.insertPayments(
      parts.map((part, index) => ({
        refundId: refund.refundId,
        n: index + 1,
        ...part,
        state: 'pending',
        providerReference: null,
      })),
    );
  }
  const base = {
    refundId: refund.refundId,
    returnId: refund.returnId,
    orderId: refund.orderId,
    currency: refund.currency,
  };
  if (storeCredit) {
    const credit = { customerId: refund.customerId, currency: refund.currency, refundId: refund.refundId, at: now };
    if (refund.amountMinor > 0)
      await creditStoreCredit(tx, { ...credit, kind: 'issued', amountMinor: refund.amountMinor });
    if (refund.bonusMinor > 0)
      await creditStoreCredit(tx, { ...credit, kind: 'bonus', amountMinor: refund.bonusMinor });
    await tx.events.publish(
      StoreCreditIssued,
      { ...base, amountMinor: refund.amountMinor, bonusMinor: refund.bonusMinor, phase: announcedPhase(phase) },
      refund.returnId,
    );
  } else if (amountMinor === 0) {
    await tx.events.publish(
      RefundIssued,
      { ...base, amountMinor: 0, method: 'original_payment', phase: announcedPhase(phase) },
      refund.returnId,
    );
  }
  return refund;
}

async function chargeParts(
  ledger: MoneyLedgerStore,
  terms: ApprovedTerms,
  amountMinor: number,
  shares: readonly LineShare[],
): Promise<ChargePart[] | undefined> {
  const taken = await ledger.takenFromCharges(terms.orderId);
  const returned = new Set(terms.lines.map((line) => line.lineId));
  const rooms = (await ledger.refundableCharges(terms.orderId))
    .filter((charge) => returned.has(charge.lineId))
    .map((charge) => ({
      chargeId: charge.chargeId,
      lineId: charge.lineId,
      leftMinor: charge.amountMinor - (taken.get(chargeLineKey(charge.chargeId, charge.lineId)) ?? 0),
    }));
  // A top-up may take from one line what it gives another: only what it gives is placed by line.
  return allocateToCharges(
    amountMinor,
    shares.filter((share) => share.amountMinor > 0),
    rooms,
  );
}

function noChargeError(amountMinor: number): string {
  return `no captured charge of the returned lines can take ${amountMinor}; fall back to store credit`;
}
