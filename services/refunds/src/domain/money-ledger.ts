import type { LineShare } from './charge-allocation';
import type { Refund } from './refund';
import type { ApprovedTerms } from './refund-amount';

/**
 * The order-line ledger: every movement of refunded money on an order line, from every return of the
 * order — refunds as they are made (`instant`, `final`, `store_credit`; reserved when made, so money on
 * its way counts), an exchange's credit (`exchange`: what paid for the replacement, and the surplus paid back), `release` when a refund that had not paid is cancelled or replaced, and claw-backs
 * once collected (`reversal` when the return ended, `adjustment` after inspection). A line's refunded
 * total is the sum of its entries, and it never exceeds what was captured for the line: refunds checks
 * and writes under one lock per order.
 */

export const LEDGER_KINDS = [
  'instant',
  'final',
  'store_credit',
  'exchange',
  'release',
  'reversal',
  'adjustment',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry {
  readonly orderId: string;
  readonly lineId: string;
  readonly returnId: string;
  readonly refundId: string;
  readonly kind: LedgerKind;
  /** Positive: refunded (or on its way); negative: released, or taken back. */
  readonly amountMinor: number;
  readonly at: Date;
}

/** A charge's capture for one order line, as the order's payments say. */
export interface Capture {
  readonly chargeId: string;
  readonly lineId: string;
  readonly amountMinor: number;
}

/** A line of an order refunded past what was captured for it: the one thing refunds never lets happen. */
export class MoneyLimitError extends Error {
  constructor(
    readonly orderId: string,
    readonly lineId: string,
    readonly refundedMinor: number,
    readonly limitMinor: number,
  ) {
    super(`order ${orderId} line ${lineId} would be refunded ${refundedMinor}, above the ${limitMinor} captured`);
  }
}

/**
 * What may be refunded per line of the approval, at most: what the order's payments captured for it.
 * An order whose payments refunds never learned (a producer that predates them) is limited by what the
 * order says was paid for the line — and can only be refunded as store credit, having no charge to pay.
 */
export function capturedLimits(terms: ApprovedTerms, captured: ReadonlyMap<string, number>): Map<string, number> {
  return new Map(
    terms.lines.map((line) => [
      line.lineId,
      captured.size === 0 ? line.unitPriceMinor * line.orderedQuantity : (captured.get(line.lineId) ?? 0),
    ]),
  );
}

/** The ledger kind of the entries a refund writes: when it is made, or (a claw-back) when collected. */
export function ledgerKindOf(refund: Pick<Refund, 'phase' | 'method' | 'reversalReason'>): LedgerKind {
  if (refund.phase === 'clawback') return refund.reversalReason === 'inspection' ? 'adjustment' : 'reversal';
  if (refund.phase === 'exchange' || refund.phase === 'surplus') return 'exchange';
  if (refund.method === 'store_credit') return 'store_credit';
  return refund.phase === 'instant' ? 'instant' : 'final';
}

/** `amountMinor` spread over the lines in their order, none above its share; what the shares cannot hold is refused. */
export function shareOut(amountMinor: number, shares: readonly LineShare[]): LineShare[] {
  let left = amountMinor;
  const placed = shares.map((share) => {
    const amount = Math.max(0, Math.min(share.amountMinor, left));
    left -= amount;
    return { lineId: share.lineId, amountMinor: amount };
  });
  if (left > 0) throw new RangeError(`${amountMinor} does not fit the lines' shares`);
  return placed.filter((share) => share.amountMinor !== 0);
}

/** Throws MoneyLimitError for the first line whose refunded total is above its limit. */
export function assertWithinLimits(
  orderId: string,
  limits: ReadonlyMap<string, number>,
  refunded: ReadonlyMap<string, number>,
): void {
  for (const [lineId, refundedMinor] of refunded) {
    const limitMinor = limits.get(lineId);
    if (limitMinor !== undefined && refundedMinor > limitMinor) {
      throw new MoneyLimitError(orderId, lineId, refundedMinor, limitMinor);
    }
  }
}
