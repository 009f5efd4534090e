/**
 * Keeps what refunds needs of an approval — the prices, fees, method, bonus and quoted refund, as the
 * policy decided them — and pays an instant refund at once where the decision allows it: the quote,
 * never more than is left of what was captured for each line once the order's other returns are counted.
 * A redelivered approval changes nothing: the terms are kept once.
 */
import type { ReturnApproved } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import { roomPerLine } from '../../ledger-booking';
import { shareOut, type Capture } from '../../money-ledger';
import type { Clock, RefundsTransaction } from '../../ports';
import { refundForInspection, type ApprovedTerms } from '../../refund-amount';
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
    if (!terms.instantRefund || terms.expectedRefundMinor <= 0) return;
    // Each line's share of the quote: every unit arriving as declared, at full value.
    const quoted = refundForInspection(
      terms,
      terms.lines.map((line) => ({ lineId: line.lineId, receivedQuantity: line.quantity, refundableFraction: 1 })),
      await roomPerLine(tx, terms),
    );
    const amountMinor = Math.min(terms.expectedRefundMinor, quoted.totalMinor);
    if (amountMinor === 0) return;
    const shares = shareOut(
      amountMinor,
      quoted.lines.map((line) => ({ lineId: line.lineId, amountMinor: line.refundMinor })),
    );
    await issueRefund(tx, terms, 'instant', amountMinor, shares, this.clock.now());
  }
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
    })),
  };
}
