/**
 * Applying what an inspection made refundable. Without an instant refund, that amount is refunded. After
 * an instant refund, only what it actually paid counts: what it had not paid is cancelled; less
 * refundable than it paid is clawed back (a store-credit debit, or a charge on the original payment
 * method) and announced as RefundAdjusted; more is topped up by a final refund. While the instant
 * refund's payment is in flight, the settlement waits: the payment worker applies it once the outcome
 * is known.
 *
 * An instant refund reversed because its return expired or its pickup was abandoned — the return then
 * coming back, its parcel inspected after all — counts what it paid less what its reversal's claw-back
 * collected (per line, from the ledger): collected, the customer no longer has it; declined, they kept it.
 * The settlement waits while that claw-back is being charged (or waits for ops to charge it again), like
 * it waits for the instant refund's own payment: the breakdown does not depend on it (a return's own
 * entries are left out of its room), only what applying it pays does, and the payment worker records the
 * claw-back's outcome — it applies the settlement then, in the same transaction.
 */
import { RefundAdjusted } from '@rebound/contracts';
import { percentOf, sumMinor } from '@rebound/kernel';
import type { LineShare } from './charge-allocation';
import { clawbacksOf, startClawback, stillCollecting } from './claw-back';
import { closeUnpaid, inFlight } from './instant-refund';
import { ledgerOfRefunds } from './ledger-booking';
import { shareOut } from './money-ledger';
import type { RefundsTransaction } from './ports';
import type { Refund } from './refund';
import { refundedTerms, type ApprovedTerms } from './refund-amount';
import { issueRefund } from './refund-issuing';

/** Applies the return's kept settlement, unless its instant refund is still being paid. Holds the order's lock. */
export async function applySettlement(tx: RefundsTransaction, approved: ApprovedTerms, now: Date): Promise<void> {
  // Only the refunded lines: exchanged lines are settled against their replacements, kept ones on approval.
  const terms = refundedTerms(approved);
  const settlement = await tx.approvals.pendingSettlement(terms.returnId);
  if (!settlement) return;
  // In the approval's order, as the breakdown was: shares and charges are placed line by line.
  const settled = new Map(settlement.lines.map((line) => [line.lineId, line.amountMinor]));
  const lines = terms.lines.map((line) => ({ lineId: line.lineId, amountMinor: settled.get(line.lineId) ?? 0 }));
  const instants = await tx.refunds.lockInstantRefunds(terms.returnId);
  const reversals = await clawbacksOf(tx, terms.returnId, instants);
  if (instants.some(inFlight) || reversals.some(stillCollecting)) return;
  await tx.approvals.markSettlementApplied(terms.returnId, now);
  const refundable = settlement.refundableMinor;
  const current = instants.find((instant) => instant.state !== 'superseded');
  if (!current) {
    await issueRefund(tx, terms, 'final', refundable, lines, now);
    return;
  }
  // What each record of the instant refund paid, per line (a fallen-back one's card part included), less
  // what its reversal collected back (booked negative).
  const paidByRecord = new Map<Refund, Map<string, number>>();
  for (const instant of instants) {
    const paid = await closeUnpaid(tx, terms, instant, 'inspection settled the return', now);
    const reversal = reversals.filter((clawback) => clawback.reverses === instant.refundId);
    for (const [lineId, amountMinor] of await ledgerOfRefunds(tx, reversal)) {
      paid.set(lineId, (paid.get(lineId) ?? 0) + amountMinor);
    }
    paidByRecord.set(instant, paid);
  }
  const paid = new Map<string, number>();
  for (const perLine of paidByRecord.values()) {
    for (const [lineId, amount] of perLine) paid.set(lineId, (paid.get(lineId) ?? 0) + amount);
  }
  const paidMinor = sumMinor(paid.values());
  // What the settlement gives each line beyond (or short of) what the instant refund paid it.
  const differences: LineShare[] = lines.map((line) => ({
    lineId: line.lineId,
    amountMinor: line.amountMinor - (paid.get(line.lineId) ?? 0),
  }));
  // The bonus the instant refund carried, unless a reversal took it back (a debit takes the bonus first).
  const storeCredit =
    current.method === 'store_credit' && instants.length === 1 && reversals.length === 0 && paidMinor > 0;
  const paidValue = paidMinor + (storeCredit ? current.bonusMinor : 0);
  const dueValue = refundable + (storeCredit ? percentOf(refundable, terms.storeCreditBonusPercent) : 0);
  const adjustmentMinor = Math.max(0, paidValue - dueValue);
  const kind =
    adjustmentMinor === 0 ? 'none' : current.method === 'store_credit' ? 'store_credit_debit' : 'charge_request';
  let clawbackId: string | undefined;
  if (adjustmentMinor > 0) {
    let short = differences.flatMap((line) =>
      line.amountMinor < 0 ? [{ lineId: line.lineId, amountMinor: -line.amountMinor }] : [],
    );
    let toTake = Math.max(0, paidMinor - refundable);
    // Store credit is taken back first (at once), then what went to the original payment method.
    const takers = [...paidByRecord].sort(
      ([a], [b]) => Number(b.method === 'store_credit') - Number(a.method === 'store_credit'),
    );
    for (const [instant, perLine] of takers) {
      // A record is clawed back once: what its reversal did not collect stays with that claw-back, for ops.
      if (reversals.some((clawback) => clawback.reverses === instant.refundId)) continue;
      const room = short.map((line) => ({
        ...line,
        amountMinor: Math.min(line.amountMinor, perLine.get(line.lineId) ?? 0),
      }));
      const take = Math.min(toTake, sumMinor(room.map((line) => line.amountMinor)));
      if (take === 0) continue;
      const shares = shareOut(take, room);
      // One record: its value with the bonus it carried; several (a fall-back's): no bonus was paid.
      const valueMinor = instants.length === 1 ? adjustmentMinor : take;
      const started = await startClawback(tx, terms, instant, 'inspection', valueMinor, shares, now);
      clawbackId ??= started;
      toTake -= take;
      short = short.map((line) => ({
        ...line,
        amountMinor: line.amountMinor - (shares.find((share) => share.lineId === line.lineId)?.amountMinor ?? 0),
      }));
    }
  }
  if (paidMinor > 0) {
    await tx.approvals.recordAdjustment({
      returnId: terms.returnId,
      refundId: current.refundId,
      adjustmentMinor,
      kind,
      refundableMinor: refundable,
      at: now,
    });
    await tx.events.publish(
      RefundAdjusted,
      {
        refundId: current.refundId,
        returnId: terms.returnId,
        orderId: terms.orderId,
        currency: terms.currency,
        adjustmentMinor,
        kind,
        refundableMinor: refundable,
        ...(clawbackId && { clawbackId }),
      },
      terms.returnId,
    );
  }
  if (refundable > paidMinor) {
    await issueRefund(tx, terms, 'final', refundable - paidMinor, paidMinor === 0 ? lines : differences, now);
  }
}
