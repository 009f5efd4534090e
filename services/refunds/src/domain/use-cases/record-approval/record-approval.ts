/**
 * Keeps what refunds needs of an approval — the prices, fees, method, bonus, quoted refund and each line's
 * resolution, as the policy decided them — and pays at once what needs no inspection: the lines the
 * customer keeps (returnless: no parcel will come for them), each its value less its restocking fee, and
 * an instant refund of the refunded lines where the decision allows it (the quote) — each line never past
 * what is left of what was captured for it once the order's other returns are counted. Exchanged lines
 * are settled when their replacements ship (SettleExchange). A redelivered approval changes nothing: the
 * terms are kept once.
 */
import type { LineResolution, ReturnApproved } from '@rebound/contracts';
import { sumMinor, type UseCase } from '@rebound/kernel';
import { returnlessRefund } from '../../exchange';
import { roomPerLine } from '../../ledger-booking';
import { shareOut, type Capture } from '../../money-ledger';
import type { Clock, RefundsTransaction } from '../../ports';
import { refundForInspection, refundedTerms, type ApprovedTerms, type Resolution } from '../../refund-amount';
import { issueRefund } from '../../refund-issuing';

export class RecordApproval implements UseCase<RefundsTransaction, ReturnApproved, void> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: RefundsTransaction, approved: ReturnApproved): Promise<void> {
    const terms = termsOf(approved);
    if (!(await tx.approvals.keepApproval(terms))) return;
    // The order's money first, as every use case takes it: the captures are the order's too, and an
    // order event recording them under the lock would otherwise wait on these rows while this waits on it.
    await tx.ledger.lockOrderMoney(terms.orderId);
    // The charges the approval names are what the order's payments captured, whichever arrives first.
    await tx.ledger.recordCaptures(terms.orderId, capturesOf(terms));
    const now = this.clock.now();
    const room = await roomPerLine(tx, terms);
    const kept = terms.lines.filter((line) => line.resolution.kind === 'keep');
    const keptShares = kept.map((line) => ({
      lineId: line.lineId,
      amountMinor: returnlessRefund(line, room(line.lineId)),
    }));
    if (kept.length > 0) {
      // A return whose every line is kept sees no inspection: this refund is its settlement, announced final.
      await issueRefund(
        tx,
        terms,
        kept.length === terms.lines.length ? 'final' : 'returnless',
        sumMinor(keptShares.map((share) => share.amountMinor)),
        keptShares,
        now,
      );
    }
    const refunded = refundedTerms(terms);
    if (!terms.instantRefund || terms.expectedRefundMinor <= 0 || refunded.lines.length === 0) return;
    // Each line's share of the quote: every unit arriving as declared, at full value.
    const quoted = refundForInspection(
      refunded,
      refunded.lines.map((line) => ({ lineId: line.lineId, receivedQuantity: line.quantity, refundableFraction: 1 })),
      room,
    );
    const amountMinor = Math.min(terms.expectedRefundMinor, quoted.totalMinor);
    if (amountMinor === 0) return;
    const shares = shareOut(
      amountMinor,
      quoted.lines.map((line) => ({ lineId: line.lineId, amountMinor: line.refundMinor })),
    );
    await issueRefund(tx, terms, 'instant', amountMinor, shares, now);
  }
}

/** A resolution as the terms keep it: only its fields; absent (approvals before exchanges) is a refund. */
export function resolutionOf(resolution: LineResolution | undefined): Resolution {
  if (!resolution) return { kind: 'refund' };
  const { kind, replacement, bonusMinor } = resolution;
  return {
    kind,
    ...(replacement && {
      replacement: {
        sku: replacement.sku,
        productId: replacement.productId,
        quantity: replacement.quantity,
        unitPriceMinor: replacement.unitPriceMinor,
      },
    }),
    ...(bonusMinor !== undefined && { bonusMinor }),
  };
}

function capturesOf(terms: ApprovedTerms): Capture[] {
  return terms.lines.flatMap((line) =>
    line.charges.map((charge) => ({ chargeId: charge.chargeId, lineId: line.lineId, amountMinor: charge.amountMinor })),
  );
}

export function termsOf(approved: ReturnApproved): ApprovedTerms {
  return {
    returnId: approved.returnId,
    orderId: approved.orderId,
    customerId: approved.customerId,
    currency: approved.currency,
    refundMethod: approved.refundMethod,
    instantRefund: approved.instantRefund,
    instantExchange: approved.instantExchange ?? false,
    storeCreditBonusPercent: approved.storeCreditBonusPercent,
    returnShippingFeeMinor: approved.fees.returnShippingFeeMinor,
    expectedRefundMinor: approved.expectedRefundMinor,
    lines: approved.lines.map((line) => ({
      lineId: line.lineId,
      sku: line.sku,
      quantity: line.quantity,
      orderedQuantity: line.orderedQuantity ?? line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      restockingFeeMinor: line.restockingFeeMinor,
      charges: (line.charges ?? []).map(({ chargeId, amountMinor }) => ({ chargeId, amountMinor })),
      resolution: resolutionOf(line.resolution),
    })),
  };
}
