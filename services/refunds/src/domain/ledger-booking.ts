/**
 * How the use cases write the order-line ledger: every refund's entries are booked in the transaction
 * that makes (or, for a claw-back, collects) it, under the order's lock, and the line totals are checked
 * against what was captured before the transaction can commit.
 */
import type { LineShare } from './charge-allocation';
import { assertWithinLimits, capturedLimits, ledgerKindOf, type LedgerKind } from './money-ledger';
import type { RefundsTransaction } from './ports';
import type { Refund } from './refund';
import type { ApprovedTerms } from './refund-amount';

/**
 * Books `shares` (signed, per line) for the refund, and throws MoneyLimitError — rolling everything
 * back — if a line of the return would then be refunded above what was captured for it.
 */
export async function book(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  refund: Pick<Refund, 'refundId' | 'phase' | 'method' | 'reversalReason'>,
  shares: readonly LineShare[],
  at: Date,
  kind: LedgerKind = ledgerKindOf(refund),
): Promise<void> {
  const entries = shares
    .filter((share) => share.amountMinor !== 0)
    .map((share) => ({
      orderId: terms.orderId,
      lineId: share.lineId,
      returnId: terms.returnId,
      refundId: refund.refundId,
      kind,
      amountMinor: share.amountMinor,
      at,
    }));
  if (entries.length === 0) return;
  await tx.ledger.appendLedger(entries);
  if (entries.some((entry) => entry.amountMinor > 0)) {
    const limits = capturedLimits(terms, await tx.ledger.capturedPerLine(terms.orderId));
    assertWithinLimits(terms.orderId, limits, await tx.ledger.ledgerPerLine(terms.orderId));
  }
}

/** What is left to refund per line of the return: what was captured, less what the order's other returns hold. */
export async function roomPerLine(tx: RefundsTransaction, terms: ApprovedTerms): Promise<(lineId: string) => number> {
  const limits = capturedLimits(terms, await tx.ledger.capturedPerLine(terms.orderId));
  const others = await tx.ledger.ledgerPerLine(terms.orderId, terms.returnId);
  return (lineId) => Math.max(0, (limits.get(lineId) ?? 0) - (others.get(lineId) ?? 0));
}

/** What the refunds' entries come to together, per line: a claw-back counts what it collected, negative. */
export async function ledgerOfRefunds(
  tx: RefundsTransaction,
  refunds: readonly Pick<Refund, 'refundId'>[],
): Promise<Map<string, number>> {
  const perLine = new Map<string, number>();
  for (const refund of refunds) {
    for (const [lineId, amountMinor] of await tx.ledger.ledgerOfRefund(refund.refundId)) {
      perLine.set(lineId, (perLine.get(lineId) ?? 0) + amountMinor);
    }
  }
  return perLine;
}

/** A refund's entries released (booked negative), line by line: what it had reserved but will not pay. */
export function released(reserved: ReadonlyMap<string, number>): LineShare[] {
  return [...reserved].map(([lineId, amountMinor]) => ({ lineId, amountMinor: -amountMinor }));
}
