/**
 * Keeps what the order's payments captured per charge and line, from the commerce platform's order
 * events: the limit no refund of the line may pass. An order the approval reached first keeps what the
 * approval's charges said; both come from the same payments.
 */
import type { OrderSnapshot } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import type { RefundsTransaction } from '../../ports';

export type RecordCapturesCommand = Pick<OrderSnapshot, 'orderId' | 'payments'>;

export class RecordCaptures implements UseCase<RefundsTransaction, RecordCapturesCommand, void> {
  async execute(tx: RefundsTransaction, order: RecordCapturesCommand): Promise<void> {
    const captures = (order.payments ?? []).flatMap((payment) =>
      payment.allocations.map((allocation) => ({
        chargeId: payment.chargeId,
        lineId: allocation.lineId,
        amountMinor: allocation.amountMinor,
      })),
    );
    if (captures.length === 0) return;
    await tx.ledger.lockOrderMoney(order.orderId);
    await tx.ledger.recordCaptures(order.orderId, captures);
  }
}
