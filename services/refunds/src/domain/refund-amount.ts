/**
 * How much an inspected return refunds: per line, the unit price × the units accepted (received, up
 * to what the return declared) × the refundable fraction of the grade, less the line's restocking
 * fee from the approval; never more than is left of what was captured for the line once the order's
 * other returns are counted; then less the return-shipping fee of the approval. The fees are
 * taken as the approval decided them, never recomputed.
 */
import type { LineResolutionKind } from '@rebound/contracts';
import { priceShare, sumMinor } from '@rebound/kernel';

export interface ApprovedLine {
  readonly lineId: string;
  readonly sku: string;
  /** Units this return declared. */
  readonly quantity: number;
  /** Units of the line the order delivered: what was paid for. */
  readonly orderedQuantity: number;
  readonly unitPriceMinor: number;
  readonly restockingFeeMinor: number;
  /** The charges that paid for the line and how much of each; empty when none is known. */
  readonly charges: readonly { readonly chargeId: string; readonly amountMinor: number }[];
  /** What the customer chose for the line, as it stands now (LineResolutionChanged changes it). */
  readonly resolution: Resolution;
}

/** A line is refunded (as inspected), exchanged for a replacement, or kept by the customer and refunded without coming back. */
export interface Resolution {
  readonly kind: LineResolutionKind;
  readonly replacement?: {
    readonly sku: string;
    readonly productId: string;
    readonly quantity: number;
    readonly unitPriceMinor: number;
  };
  /** Store credit granted on top of an exchange. */
  readonly bonusMinor?: number;
}

/** What refunds keeps of a ReturnApproved: the figures it pays by. */
export interface ApprovedTerms {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly refundMethod: 'original_payment' | 'store_credit';
  readonly instantRefund: boolean;
  /** Exchanges ship before the parcel arrives: their credit is charged back if it never does, or arrives wrong. */
  readonly instantExchange: boolean;
  readonly storeCreditBonusPercent: number;
  readonly returnShippingFeeMinor: number;
  readonly expectedRefundMinor: number;
  readonly lines: readonly ApprovedLine[];
}

export interface InspectedLineFacts {
  readonly lineId: string;
  readonly receivedQuantity: number;
  readonly refundableFraction: number;
}

export interface LineRefund {
  readonly lineId: string;
  readonly acceptedQuantity: number;
  /** unit price × accepted × fraction, rounded half up. */
  readonly grossMinor: number;
  readonly restockingFeeMinor: number;
  /** What is left to refund for the line on this order: captured, less the order's other returns. */
  readonly capMinor: number;
  /** This line's share of the return-shipping fee. */
  readonly shippingFeeMinor: number;
  readonly refundMinor: number;
}

export interface RefundBreakdown {
  readonly lines: readonly LineRefund[];
  readonly totalMinor: number;
}

/**
 * The terms as far as refunding as inspected goes: only the lines resolved as refunds. Exchanged lines are
 * settled against their replacements (exchange.ts) and kept lines on approval, so the return-shipping fee
 * falls on the refunded lines alone — a return that only exchanges or keeps pays none.
 */
export function refundedTerms(terms: ApprovedTerms): ApprovedTerms {
  return { ...terms, lines: terms.lines.filter((line) => line.resolution.kind === 'refund') };
}

/** @param room what is left to refund for a line: captured, less what the order's other returns hold. */
export function refundForInspection(
  terms: ApprovedTerms,
  inspected: readonly InspectedLineFacts[],
  room: (lineId: string) => number,
): RefundBreakdown {
  let shippingLeft = terms.returnShippingFeeMinor;
  const lines = terms.lines.map((line): LineRefund => {
    const found = inspected.find((candidate) => candidate.lineId === line.lineId);
    const acceptedQuantity = Math.min(found?.receivedQuantity ?? 0, line.quantity);
    const grossMinor = priceShare(line.unitPriceMinor, acceptedQuantity, found?.refundableFraction ?? 0);
    const restockingFeeMinor = acceptedQuantity > 0 ? Math.min(line.restockingFeeMinor, grossMinor) : 0;
    const capMinor = room(line.lineId);
    const beforeShipping = Math.min(grossMinor - restockingFeeMinor, capMinor);
    // The shipping fee comes off the lines in order, so each line's record is what it really refunded.
    const shippingFeeMinor = Math.min(shippingLeft, beforeShipping);
    shippingLeft -= shippingFeeMinor;
    return {
      lineId: line.lineId,
      acceptedQuantity,
      grossMinor,
      restockingFeeMinor,
      capMinor,
      shippingFeeMinor,
      refundMinor: beforeShipping - shippingFeeMinor,
    };
  });
  return { lines, totalMinor: sumMinor(lines.map((line) => line.refundMinor)) };
}
