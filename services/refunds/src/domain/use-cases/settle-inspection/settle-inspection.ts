/**
 * What an inspection makes refundable, settled once per return: the breakdown is computed under the
 * order's lock — each line within what was captured for it, less what the order's other returns hold —
 * kept, and applied at once unless the return's instant refund is still being paid (settlement.ts).
 */
import type { InspectionCompleted } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import { roomPerLine } from '../../ledger-booking';
import type { Clock, RefundsTransaction } from '../../ports';
import { refundForInspection } from '../../refund-amount';
import { ApprovalNotYetRead } from '../../refusals';
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
    const breakdown = refundForInspection(terms, inspection.lines, await roomPerLine(tx, terms));
    const settlement = {
      returnId: terms.returnId,
      orderId: terms.orderId,
      inspectionId: inspection.inspectionId,
      refundableMinor: breakdown.totalMinor,
      at: now,
    };
    if (await tx.approvals.settle(settlement, breakdown.lines)) await applySettlement(tx, terms, now);
  }
}
