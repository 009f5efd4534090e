/**
 * What an inspection makes refundable, settled once per return: the breakdown of the refunded lines is
 * computed under the order's lock — each line within what was captured for it, less what the order's
 * other returns hold — kept, and applied at once unless the return's instant refund is still being paid,
 * or, reversed when its return expired, is still being charged back (settlement.ts). Exchanged lines are
 * not refunded.
 *
 * The inspection of a return with exchanged lines waits (parked) until returns-intake has said what
 * becomes of each (its replacement requested, or the line turned into a refund) — an instant exchange's
 * too: a reservation that fails late turns its line into a refund, which only this settlement pays. An
 * exchange shipped after inspection is then settled here, with the grades; an instant one was settled
 * when its order was read, so an item found wrong or missing is charged back for that line
 * (exchange-settlement.ts). An instant exchange charged back because its return expired resolves as
 * refunds: an inspection of its parcel, arriving after all, waits while that charge-back is being
 * collected, so the lines are refunded within exactly what it gave back.
 */
import { cameBackAsExchanged, type InspectionCompleted } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import { chargeBackExchange, givenUpExchange, settleExchangeOrder } from '../../exchange-settlement';
import { roomPerLine } from '../../ledger-booking';
import type { Clock, RefundsTransaction } from '../../ports';
import { refundForInspection, refundedTerms } from '../../refund-amount';
import { ApprovalNotYetRead, ExchangeNotYetResolved } from '../../refusals';
import { applySettlement } from '../../settlement';

export type SettleInspectionCommand = Pick<InspectionCompleted, 'returnId' | 'inspectionId' | 'lines'>;

export class SettleInspection implements UseCase<RefundsTransaction, SettleInspectionCommand, void> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: RefundsTransaction, inspection: SettleInspectionCommand): Promise<void> {
    const now = this.clock.now();
    const terms = await tx.approvals.approvalOf(inspection.returnId);
    // The approval travels on another topic, and an inspection only follows one: it waits for it.
    if (!terms) throw new ApprovalNotYetRead(inspection.returnId);
    await tx.ledger.lockOrderMoney(terms.orderId);
    const exchanged = terms.lines.filter((line) => line.resolution.kind === 'exchange').map((line) => line.lineId);
    const order = await tx.approvals.exchangeOrderOf(terms.returnId);
    const wrong = terms.lines
      .filter((line) => exchanged.includes(line.lineId))
      .filter(
        (line) =>
          !cameBackAsExchanged(
            inspection.lines.find((inspected) => inspected.lineId === line.lineId),
            line.quantity,
          ),
      )
      .map((line) => line.lineId);
    if (exchanged.some((lineId) => !order?.lines.some((line) => line.lineId === lineId))) {
      throw new ExchangeNotYetResolved(
        terms.returnId,
        'the exchange order or a changed resolution of every exchanged line',
      );
    }
    const givenUp = await givenUpExchange(tx, terms.returnId);
    if (givenUp?.chargeBackInFlight) {
      throw new ExchangeNotYetResolved(terms.returnId, 'the outcome of its exchange’s charge-back');
    }
    const room = await roomPerLine(tx, terms);
    // A line of a given-up exchange is refunded within what its charge-back gave back, never on top of its credit.
    const held = (lineId: string) => givenUp?.heldPerLine.get(lineId) ?? 0;
    const refunded = refundedTerms(terms);
    const breakdown = refundForInspection(refunded, inspection.lines, (lineId) =>
      Math.max(0, room(lineId) - held(lineId)),
    );
    const settlement = {
      returnId: terms.returnId,
      orderId: terms.orderId,
      inspectionId: inspection.inspectionId,
      refundableMinor: breakdown.totalMinor,
      at: now,
    };
    if (!(await tx.approvals.settle(settlement, breakdown.lines))) return;
    await applySettlement(tx, terms, now);
    if (order && !terms.instantExchange) {
      const inspected = new Map(inspection.lines.map((line) => [line.lineId, line]));
      await settleExchangeOrder(tx, terms, order, inspected, now);
    }
    if (terms.instantExchange && wrong.length > 0) await chargeBackExchange(tx, terms, 'inspection', wrong, now);
  }
}
