/**
 * What becomes of an instant refund once its return is decided: it ends settled or reversed, never
 * left open. A return's instant refund is every instant-phase record of it: the refund made on
 * approval and, when ops fell it back to store credit, the replacement — what each paid counts. When
 * its return ends without the item (cancelled, expired, pickup abandoned) it is reversed
 * (ReverseInstantRefund): what it had not paid is cancelled, what it paid is clawed back. When
 * inspection settles the return, only what it paid counts (settlement.ts). While its payment is in
 * flight, both wait: the payment worker carries them out once the provider's answer is recorded.
 */
import { RefundCancelled, RefundReversed, type ReversalReason } from '@rebound/contracts';
import type { LineShare } from './charge-allocation';
import { sumMinor } from '@rebound/kernel';
import type { RefundsTransaction } from './ports';
import { announcedPhase, type Refund } from './refund';
import type { ApprovedTerms } from './refund-amount';
import { startClawback } from './claw-back';
import { book, released } from './ledger-booking';

/** Still being paid: a call is in flight, or what an earlier call did is not known yet. */
export function inFlight(refund: Pick<Refund, 'state' | 'outcomeUnknown'>): boolean {
  return refund.state === 'processing' || refund.outcomeUnknown;
}

/** What a refund has paid, per line: store credit all of it, the original payment method its parts that succeeded. */
export async function paidPerLine(tx: RefundsTransaction, refund: Refund): Promise<Map<string, number>> {
  if (refund.method === 'store_credit') {
    return refund.state === 'succeeded' ? tx.ledger.ledgerOfRefund(refund.refundId) : new Map();
  }
  const paid = new Map<string, number>();
  for (const part of await tx.refunds.paymentsOf(refund.refundId)) {
    if (part.state !== 'succeeded') continue;
    for (const line of part.lines) paid.set(line.lineId, (paid.get(line.lineId) ?? 0) + line.amountMinor);
  }
  return paid;
}

/**
 * Stops a refund that is not in flight from paying anything more: its unpaid parts are cancelled and
 * what they held on the ledger released, announced as RefundCancelled. A refund that paid in full is
 * left as it is. @returns what it had paid, per line.
 */
export async function closeUnpaid(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  refund: Refund,
  reason: string,
  now: Date,
): Promise<Map<string, number>> {
  const paid = await paidPerLine(tx, refund);
  if (refund.state === 'succeeded' || refund.state === 'cancelled' || refund.state === 'superseded') return paid;
  for (const part of await tx.refunds.paymentsOf(refund.refundId)) {
    if (part.state === 'pending' || part.state === 'failed')
      await tx.refunds.updatePayment({ ...part, state: 'cancelled' });
  }
  const held = await tx.ledger.ledgerOfRefund(refund.refundId);
  const unpaid = new Map([...held].map(([lineId, amount]) => [lineId, amount - (paid.get(lineId) ?? 0)]));
  await book(tx, terms, refund, released(unpaid), now, 'release');
  await tx.refunds.updateRefund({ ...refund, state: 'cancelled', nextAttemptAt: null, updatedAt: now });
  await tx.events.publish(
    RefundCancelled,
    {
      refundId: refund.refundId,
      returnId: refund.returnId,
      orderId: refund.orderId,
      currency: refund.currency,
      phase: announcedPhase(refund.phase),
      amountMinor: refund.amountMinor,
      paidMinor: sumMinor(paid.values()),
      reason,
    },
    refund.returnId,
  );
  return paid;
}

/**
 * Reverses a return's instant refund that is no longer in flight: cancels what it had not paid, and
 * claws back what each of its records paid (a card charge for one, a store-credit debit for another).
 */
export async function reverse(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  instants: readonly Refund[],
  now: Date,
): Promise<void> {
  for (const instant of instants) {
    const reason = instant.reversalReason as ReversalReason;
    const paid = await closeUnpaid(tx, terms, instant, `the return was ${reason}`, now);
    const paidMinor = sumMinor(paid.values());
    if (paidMinor === 0) continue;
    const shares: LineShare[] = [...paid].map(([lineId, amountMinor]) => ({ lineId, amountMinor }));
    const valueMinor = paidMinor + (instant.method === 'store_credit' ? instant.bonusMinor : 0);
    const clawbackId = await startClawback(tx, terms, instant, reason, valueMinor, shares, now);
    await tx.events.publish(
      RefundReversed,
      {
        refundId: instant.refundId,
        returnId: instant.returnId,
        orderId: instant.orderId,
        currency: instant.currency,
        reason,
        method: instant.method,
        amountMinor: valueMinor,
        clawbackId,
      },
      instant.returnId,
    );
  }
}
