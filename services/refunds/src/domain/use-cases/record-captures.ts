/**
 * Keeps what the order's payments captured per charge and line, from the commerce platform's order
 * events: the limit no refund of the line may pass. An order the approval reached first keeps what the
 * approval's charges said; both come from the same payments.
 */
import type { OrderSnapshot } from '@rebound/contracts';
import type { RefundsTransaction } from '../ports';

export async function recordCaptures(tx: RefundsTransaction, order: OrderSnapshot): Promise<void> {
  const captures = (order.payments ?? []).flatMap((payment) =>
    payment.allocations.map((allocation) => ({
      chargeId: payment.chargeId,
      lineId: allocation.lineId,
      amountMinor: allocation.amountMinor,
    })),
  );
  if (captures.length === 0) return;
  await tx.store.lockOrderMoney(order.orderId);
  await tx.store.recordCaptures(order.orderId, captures);
}
