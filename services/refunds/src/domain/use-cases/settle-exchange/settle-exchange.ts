/**
 * The commerce platform was asked to ship a return's replacements (ExchangeOrderRequested): that is when
 * the exchange is settled — each line's credit against its replacement's cost, the surplus refunded, the
 * shortfall charged, the bonus credited (exchange-settlement.ts). An instant exchange (as the approval
 * decided: the request's own flag says the same) is settled at once, on the credit as declared. An exchange shipped after inspection is kept and settled with the
 * inspection's grades, by the inspection's settlement, which waits for it (SettleInspection). Once per
 * return: a redelivered request changes nothing.
 */
import type { ExchangeOrderRequested } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import { settleExchangeOrder } from '../../exchange-settlement';
import type { Clock, RefundsTransaction } from '../../ports';
import { ApprovalNotYetRead } from '../../refusals';

export type SettleExchangeCommand = Pick<ExchangeOrderRequested, 'returnId' | 'lines' | 'requestedAt'>;

export class SettleExchange implements UseCase<RefundsTransaction, SettleExchangeCommand, void> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: RefundsTransaction, requested: SettleExchangeCommand): Promise<void> {
    const terms = await tx.approvals.approvalOf(requested.returnId);
    if (!terms) throw new ApprovalNotYetRead(requested.returnId);
    await tx.ledger.lockOrderMoney(terms.orderId);
    const order = {
      returnId: requested.returnId,
      lines: requested.lines.map(({ lineId, quantity, unitPriceMinor }) => ({ lineId, quantity, unitPriceMinor })),
      requestedAt: new Date(requested.requestedAt),
    };
    if (!(await tx.approvals.keepExchangeOrder(order))) return;
    if (terms.instantExchange) await settleExchangeOrder(tx, terms, order, undefined, this.clock.now());
  }
}
