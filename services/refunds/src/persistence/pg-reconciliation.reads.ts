/** The ReconciliationReads port on Postgres: the order's money as refunds recorded it. */
import type { EntityManager } from 'typeorm';
import type { Capture, LedgerEntry } from '../domain/money-ledger';
import type { ReconciliationReads } from '../domain/ports';
import type { OrderMoney } from '../domain/reconciliation';
import { PgRefundsReads } from './pg-refunds.reads';
import { type Row, toRefund } from './refunds-rows';

export class PgReconciliationReads implements ReconciliationReads {
  private readonly refunds: PgRefundsReads;

  constructor(private readonly manager: EntityManager) {
    this.refunds = new PgRefundsReads(manager);
  }

  async moneyOf(orderId: string): Promise<OrderMoney | undefined> {
    if (!(await this.knowsOrder(orderId))) return undefined;
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM refunds WHERE order_id = $1 ORDER BY created_at, phase DESC',
      [orderId],
    );
    const refunds = rows.map(toRefund);
    const refundIds = refunds.map((refund) => refund.refundId);
    return {
      orderId,
      captures: await this.capturesOf(orderId),
      ledger: await this.ledgerOf(orderId),
      refunds,
      payments: await this.refunds.paymentsOfAll(refundIds),
      storeCreditTaken: await this.storeCreditTakenBy(refundIds),
    };
  }

  /** Whether refunds knows anything of the order: an approval, a capture or a refund. */
  private async knowsOrder(orderId: string): Promise<boolean> {
    const [row]: Row[] = await this.manager.query(
      `SELECT EXISTS (SELECT 1 FROM approvals WHERE order_id = $1)
           OR EXISTS (SELECT 1 FROM captured_charges WHERE order_id = $1)
           OR EXISTS (SELECT 1 FROM refunds WHERE order_id = $1) AS known`,
      [orderId],
    );
    return Boolean(row?.['known']);
  }

  /** What the order's payments captured, per charge and line, by line and charge. */
  private async capturesOf(orderId: string): Promise<Capture[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT charge_id, line_id, captured_minor FROM captured_charges WHERE order_id = $1 ORDER BY line_id, charge_id',
      [orderId],
    );
    return rows.map((row) => ({
      chargeId: String(row['charge_id']),
      lineId: String(row['line_id']),
      amountMinor: Number(row['captured_minor']),
    }));
  }

  /** The order's ledger entries, in the order they were booked. */
  private async ledgerOf(orderId: string): Promise<LedgerEntry[]> {
    const rows: Row[] = await this.manager.query('SELECT * FROM ledger_entries WHERE order_id = $1 ORDER BY entry_id', [
      orderId,
    ]);
    return rows.map((row) => ({
      orderId: String(row['order_id']),
      lineId: String(row['line_id']),
      returnId: String(row['return_id']),
      refundId: String(row['refund_id']),
      kind: row['kind'] as LedgerEntry['kind'],
      amountMinor: Number(row['amount_minor']),
      at: row['recorded_at'] as Date,
    }));
  }

  /** Per refund, what its store-credit debits took from the customer's balance. */
  private async storeCreditTakenBy(refundIds: readonly string[]): Promise<Map<string, number>> {
    const rows: Row[] = await this.manager.query(
      `SELECT refund_id, -sum(amount_minor)::bigint AS taken FROM store_credit_ledger
        WHERE refund_id = ANY($1::uuid[]) AND amount_minor < 0 GROUP BY refund_id`,
      [refundIds],
    );
    return new Map(rows.map((row) => [String(row['refund_id']), Number(row['taken'])]));
  }
}
