/**
 * Takes money an instant refund paid back from the customer, as a claw-back refund of its own. Store
 * credit is debited at once — never below zero: what the customer already spent stays outstanding.
 * Money paid to the original payment method is charged back through the provider's charge API, against
 * the charges the instant refund paid to, by the payment worker (keys `<clawbackId>.<n>`). What is
 * collected is booked on the ledger negative, line by line: the line can be refunded again.
 */
import { ClawbackCollected, type ClawbackReason } from '@rebound/contracts';
import { allocateToCharges, type ChargeRoom, type LineShare } from './charge-allocation';
import { sumMinor } from '@rebound/kernel';
import { shareOut } from './money-ledger';
import type { RefundsTransaction } from './ports';
import { newRefund, type Refund } from './refund';
import type { ApprovedTerms } from './refund-amount';
import { debitStoreCredit } from './store-credit-changes';
import { book } from './ledger-booking';

/**
 * @param instant the refund whose money is taken back: an instant refund, or an exchange's credit or surplus.
 * @param valueMinor what to take back (for store credit, with the share of the bonus).
 * @param shares what to take back per line, bonus excluded: what the ledger gets back once collected.
 * @param rooms the charges to take it back from; by default those the refund paid to.
 * @returns the claw-back's id.
 */
export async function startClawback(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  instant: Refund,
  reason: ClawbackReason,
  valueMinor: number,
  shares: readonly LineShare[],
  now: Date,
  rooms?: readonly ChargeRoom[],
): Promise<string> {
  const { returnId, orderId, customerId, method, currency } = instant;
  const clawback = newRefund(
    {
      returnId,
      orderId,
      customerId,
      phase: 'clawback',
      method,
      currency,
      amountMinor: valueMinor,
      state: 'pending',
      nextAttemptAt: now,
      reverses: instant.refundId,
      reversalReason: reason,
    },
    now,
  );
  if (instant.method === 'store_credit') {
    await takeFromStoreCredit(tx, terms, clawback, shares, now);
    return clawback.refundId;
  }
  const parts = allocateToCharges(valueMinor, shares, rooms ?? (await paidTo(tx, instant)));
  await tx.refunds.insertRefund(
    parts
      ? clawback
      : {
          ...clawback,
          state: 'needs_attention',
          nextAttemptAt: null,
          lastError: `the charges of refund ${instant.refundId} cannot take back ${valueMinor}`,
        },
  );
  if (parts) {
    await tx.refunds.insertPayments(
      parts.map((part, index) => ({
        refundId: clawback.refundId,
        n: index + 1,
        ...part,
        state: 'pending',
        providerReference: null,
      })),
    );
  }
  return clawback.refundId;
}

/** The return's claw-backs of the records named: what was taken back of an instant refund, an exchange's credit or surplus. */
export async function clawbacksOf(
  tx: RefundsTransaction,
  returnId: string,
  records: readonly Refund[],
): Promise<Refund[]> {
  const reversed = records.map((record) => record.refundId);
  return (await tx.refunds.lockRefundsOf(returnId, 'clawback')).filter(
    (clawback) => clawback.reverses !== null && reversed.includes(clawback.reverses),
  );
}

/**
 * Neither collected nor declined yet: still being charged, or waiting for ops to charge it again. A
 * store-credit debit is decided at once — what the balance did not hold stays outstanding, never taken later.
 */
export function stillCollecting(clawback: Refund): boolean {
  return clawback.method !== 'store_credit' && clawback.state !== 'succeeded' && clawback.state !== 'failed';
}

/** The charges a refund paid to, each with what it paid per line. */
async function paidTo(tx: RefundsTransaction, refund: Refund): Promise<ChargeRoom[]> {
  const paidParts = (await tx.refunds.paymentsOf(refund.refundId)).filter((part) => part.state === 'succeeded');
  return paidParts.flatMap((part) =>
    part.lines.map((line) => ({ chargeId: part.chargeId, lineId: line.lineId, leftMinor: line.amountMinor })),
  );
}

/** Books what a claw-back collected, line by line (negative): as each part is collected, so the ledger follows the money. */
export async function bookCollected(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  clawback: Refund,
  shares: readonly LineShare[],
  now: Date,
): Promise<void> {
  await book(
    tx,
    terms,
    clawback,
    shares.map((share) => ({ lineId: share.lineId, amountMinor: -share.amountMinor })),
    now,
  );
}

/** Announces a claw-back done: all collected, or (store credit) all that could be. */
export async function announceCollected(
  tx: RefundsTransaction,
  clawback: Refund,
  collectedMinor: number,
  charges?: ClawbackCollected['charges'],
): Promise<void> {
  await tx.events.publish(
    ClawbackCollected,
    {
      refundId: clawback.refundId,
      returnId: clawback.returnId,
      orderId: clawback.orderId,
      currency: clawback.currency,
      reversedRefundId: clawback.reverses as string,
      reason: clawback.reversalReason as ClawbackReason,
      method: clawback.method,
      collectedMinor,
      outstandingMinor: clawback.amountMinor - collectedMinor,
      ...(charges && { charges }),
    },
    clawback.returnId,
  );
}

async function takeFromStoreCredit(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  clawback: Refund,
  shares: readonly LineShare[],
  now: Date,
): Promise<void> {
  await tx.refunds.insertRefund({ ...clawback, state: 'succeeded', nextAttemptAt: null });
  const takenMinor = await debitStoreCredit(tx, {
    customerId: clawback.customerId,
    refundId: clawback.refundId,
    currency: clawback.currency,
    amountMinor: clawback.amountMinor,
    at: now,
  });
  const outstandingMinor = clawback.amountMinor - takenMinor;
  if (outstandingMinor > 0) {
    await tx.refunds.updateRefund({
      ...clawback,
      state: 'needs_attention',
      nextAttemptAt: null,
      lastError: `the customer had spent the store credit: ${outstandingMinor} of ${clawback.amountMinor} is outstanding`,
    });
  }
  // The bonus is taken back first: the ledger gets back only what was taken beyond it.
  const bonusMinor = clawback.amountMinor - sumMinor(shares.map((share) => share.amountMinor));
  await bookCollected(tx, terms, clawback, shareOut(Math.max(0, takenMinor - bonusMinor), shares), now);
  await announceCollected(tx, clawback, takenMinor);
}
