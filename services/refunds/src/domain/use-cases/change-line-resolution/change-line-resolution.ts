/**
 * A line of an approved return resolves differently (LineResolutionChanged): its replacement could not
 * be reserved, so the customer's next choice holds (another exchange, or a refund), or inspection did
 * not accept an item whose exchange was to ship after it, so it is refunded as graded. The kept terms
 * change, and the line is paid by its new resolution from then on: a refund line by the inspection's
 * settlement (which waits for what becomes of every exchanged line), an exchange by its replacement's
 * cost. A line whose exchange was already settled keeps that settlement.
 */
import type { LineResolutionChanged } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import type { RefundsTransaction } from '../../ports';
import { ApprovalNotYetRead } from '../../refusals';
import { resolutionOf } from '../record-approval/record-approval';

export type ChangeLineResolutionCommand = Pick<LineResolutionChanged, 'returnId' | 'lineId' | 'resolution'>;

export class ChangeLineResolution implements UseCase<RefundsTransaction, ChangeLineResolutionCommand, void> {
  async execute(tx: RefundsTransaction, changed: ChangeLineResolutionCommand): Promise<void> {
    const terms = await tx.approvals.approvalOf(changed.returnId);
    if (!terms) throw new ApprovalNotYetRead(changed.returnId);
    await tx.ledger.lockOrderMoney(terms.orderId);
    if ((await tx.approvals.exchangeLinesOf(changed.returnId)).some((line) => line.lineId === changed.lineId)) return;
    await tx.approvals.changeResolution(changed.returnId, changed.lineId, resolutionOf(changed.resolution));
  }
}
