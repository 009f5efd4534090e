/**
 * What an inspection makes refundable, settled once per return: the breakdown of the refunded lines is
 * computed under the order's lock — each line within what was captured for it, less what the order's
 * other returns hold — kept, and applied at once unless the return's instant refund is still being paid
 * (settlement.ts). Exchanged lines are not refunded. An exchange shipped after inspection is settled here,
 * with the grades, once returns-intake has said what becomes of each exchanged line (its replacement
 * requested, or the line turned into a refund): until then the inspection waits (parked). An instant
 * exchange whose item is found wrong or missing is charged back for that line (exchange-settlement.ts),
 * once its exchange has been settled.
 */
import { cameBackAsExchanged, type InspectionCompleted } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import { chargeBackExchange, settleExchangeOrder } from '../../exchange-settlement';
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
    if (terms.instantExchange) {
      if (wrong.length > 0 && (await tx.refunds.lockRefundsOf(terms.returnId, 'exchange')).length === 0) {
        throw new ExchangeNotYetResolved(terms.returnId, 'its instant exchange to be settled');
      }
    } else if (exchanged.some((lineId) => !order?.lines.some((line) => line.lineId === lineId))) {
      throw new ExchangeNotYetResolved(
        terms.returnId,
        'the exchange order or a changed resolution of every exchanged line',
      );
    }
    const refunded = refundedTerms(terms);
    const breakdown = refundForInspection(refunded, inspection.lines, await roomPerLine(tx, terms));
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
