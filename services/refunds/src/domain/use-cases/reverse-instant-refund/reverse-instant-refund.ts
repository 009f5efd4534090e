/**
 * The return ended without the item (cancelled, expired, pickup abandoned): an instant exchange's credit
 * is charged back (exchange-settlement.ts), and its instant refund is reversed — at once, or, while its payment is in flight, by the payment worker once the outcome is
 * known — so no return keeps money it was not meant to. Once per return: the first ending marks it.
 */
import type { ReversalReason } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import { chargeBackExchange } from '../../exchange-settlement';
import { inFlight, reverse } from '../../instant-refund';
import type { Clock, RefundsTransaction } from '../../ports';
import { ApprovalNotYetRead } from '../../refusals';

export interface ReverseInstantRefundCommand {
  readonly returnId: string;
  readonly reason: ReversalReason;
}

export class ReverseInstantRefund implements UseCase<RefundsTransaction, ReverseInstantRefundCommand, void> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: RefundsTransaction, { returnId, reason }: ReverseInstantRefundCommand): Promise<void> {
    const now = this.clock.now();
    const terms = await tx.approvals.approvalOf(returnId);
    if (!terms) {
      // A pickup is booked only for an approved return, but the approval travels on another topic: an
      // abandonment read first waits until the approval has been read. A cancellation or an expiry
      // follows its approval on the same topic, so without one there is nothing to reverse.
      if (reason === 'abandoned') throw new ApprovalNotYetRead(returnId);
      return;
    }
    await tx.ledger.lockOrderMoney(terms.orderId);
    await tx.approvals.markEnded(returnId, reason);
    // An instant exchange's replacements shipped for items that will never come: their credit goes back.
    if (terms.instantExchange) await chargeBackExchange(tx, terms, reason, undefined, now);
    const instants = await tx.refunds.lockInstantRefunds(returnId);
    if (instants.length === 0 || instants.some((instant) => instant.reversalReason !== null)) return;
    const marked = instants.map((instant) => ({ ...instant, reversalReason: reason, updatedAt: now }));
    for (const instant of marked) await tx.refunds.updateRefund(instant);
    if (!marked.some(inFlight)) await reverse(tx, terms, marked, now);
  }
}
