/** The ApprovalsStore port on Postgres, in one transaction: approvals' terms, settlements, adjustments and exchanges. */
import type { EntityManager } from 'typeorm';
import type { ReversalReason } from '@rebound/contracts';
import type { SettledExchangeLine } from '../domain/exchange';
import type { ApprovalsStore, ExchangeOrder, RefundAdjustment, Settlement, SettlementRecord } from '../domain/ports';
import type { ApprovedTerms, LineRefund, Resolution } from '../domain/refund-amount';
import type { Row } from './refunds-rows';

export class PgApprovalsStore implements ApprovalsStore {
  constructor(private readonly manager: EntityManager) {}

  async keepApproval(terms: ApprovedTerms): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO approvals (return_id, order_id, terms) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (return_id) DO NOTHING RETURNING return_id`,
      [terms.returnId, terms.orderId, JSON.stringify(terms)],
    );
    return rows.length > 0;
  }

  async approvalOf(returnId: string): Promise<ApprovedTerms | undefined> {
    const [row]: Row[] = await this.manager.query('SELECT terms FROM approvals WHERE return_id = $1', [returnId]);
    return row ? (row['terms'] as ApprovedTerms) : undefined;
  }

  async settle(settlement: SettlementRecord, lines: readonly LineRefund[]): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO settlements (return_id, inspection_id, refundable_minor, settled_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (return_id) DO NOTHING RETURNING return_id`,
      [settlement.returnId, settlement.inspectionId, settlement.refundableMinor, settlement.at],
    );
    if (rows.length === 0) return false;
    await this.recordLines(settlement.returnId, settlement.orderId, lines);
    return true;
  }

  async pendingSettlement(returnId: string): Promise<Settlement | undefined> {
    const [row]: Row[] = await this.manager.query(
      `SELECT s.*, coalesce((SELECT jsonb_agg(jsonb_build_object('lineId', l.line_id, 'amountMinor', l.refund_minor))
                               FROM refund_lines l WHERE l.return_id = s.return_id), '[]') AS lines
         FROM settlements s WHERE s.return_id = $1 AND s.applied_at IS NULL`,
      [returnId],
    );
    return (
      row && {
        returnId: String(row['return_id']),
        inspectionId: String(row['inspection_id']),
        refundableMinor: Number(row['refundable_minor']),
        lines: (row['lines'] as { lineId: string; amountMinor: string | number }[]).map((line) => ({
          lineId: line.lineId,
          amountMinor: Number(line.amountMinor),
        })),
        at: row['settled_at'] as Date,
      }
    );
  }

  async markSettlementApplied(returnId: string, at: Date): Promise<void> {
    await this.manager.query('UPDATE settlements SET applied_at = $2 WHERE return_id = $1', [returnId, at]);
  }

  private async recordLines(returnId: string, orderId: string, lines: readonly LineRefund[]): Promise<void> {
    for (const line of lines) {
      await this.manager.query(
        `INSERT INTO refund_lines (return_id, order_id, line_id, accepted_quantity, gross_minor, restocking_fee_minor,
                                   shipping_fee_minor, refund_minor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          returnId,
          orderId,
          line.lineId,
          line.acceptedQuantity,
          line.grossMinor,
          line.restockingFeeMinor,
          line.shippingFeeMinor,
          line.refundMinor,
        ],
      );
    }
  }

  async recordAdjustment(adjustment: RefundAdjustment): Promise<void> {
    await this.manager.query(
      `INSERT INTO adjustments (return_id, refund_id, adjustment_minor, kind, refundable_minor, adjusted_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        adjustment.returnId,
        adjustment.refundId,
        adjustment.adjustmentMinor,
        adjustment.kind,
        adjustment.refundableMinor,
        adjustment.at,
      ],
    );
  }

  async changeResolution(returnId: string, lineId: string, resolution: Resolution): Promise<void> {
    await this.manager.query(
      `UPDATE approvals
          SET terms = jsonb_set(terms, '{lines}', (
                SELECT jsonb_agg(CASE WHEN line->>'lineId' = $2 THEN jsonb_set(line, '{resolution}', $3::jsonb) ELSE line END
                                 ORDER BY ord)
                  FROM jsonb_array_elements(terms->'lines') WITH ORDINALITY AS l(line, ord)))
        WHERE return_id = $1`,
      [returnId, lineId, JSON.stringify(resolution)],
    );
  }

  async keepExchangeOrder(order: ExchangeOrder): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO exchange_orders (return_id, lines, requested_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (return_id) DO NOTHING RETURNING return_id`,
      [order.returnId, JSON.stringify(order.lines), order.requestedAt],
    );
    return rows.length > 0;
  }

  async exchangeOrderOf(returnId: string): Promise<ExchangeOrder | undefined> {
    const [row]: Row[] = await this.manager.query('SELECT * FROM exchange_orders WHERE return_id = $1', [returnId]);
    return (
      row && {
        returnId: String(row['return_id']),
        lines: row['lines'] as ExchangeOrder['lines'],
        requestedAt: row['requested_at'] as Date,
      }
    );
  }

  async recordExchangeLines(
    returnId: string,
    orderId: string,
    lines: readonly SettledExchangeLine[],
    at: Date,
  ): Promise<void> {
    for (const [position, line] of lines.entries()) {
      await this.manager.query(
        `INSERT INTO exchange_lines (return_id, line_id, order_id, position, credit_minor, replacement_cost_minor,
                                     applied_minor, surplus_minor, shortfall_minor, bonus_minor, settled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          returnId,
          line.lineId,
          orderId,
          position,
          line.creditMinor,
          line.replacementCostMinor,
          line.appliedMinor,
          line.surplusMinor,
          line.shortfallMinor,
          line.bonusMinor,
          at,
        ],
      );
    }
  }

  async exchangeLinesOf(returnId: string): Promise<SettledExchangeLine[]> {
    return exchangeLinesOf(this.manager, returnId);
  }

  async markEnded(returnId: string, reason: ReversalReason): Promise<void> {
    await this.manager.query('UPDATE approvals SET ended_reason = $2 WHERE return_id = $1 AND ended_reason IS NULL', [
      returnId,
      reason,
    ]);
  }

  async endedReason(returnId: string): Promise<ReversalReason | undefined> {
    const [row]: Row[] = await this.manager.query('SELECT ended_reason FROM approvals WHERE return_id = $1', [
      returnId,
    ]);
    return (row?.['ended_reason'] as ReversalReason | null) ?? undefined;
  }
}

/** How a return's exchanged lines were settled, in the exchange order's order. */
export async function exchangeLinesOf(manager: EntityManager, returnId: string): Promise<SettledExchangeLine[]> {
  const rows: Row[] = await manager.query('SELECT * FROM exchange_lines WHERE return_id = $1 ORDER BY position', [
    returnId,
  ]);
  return rows.map((row) => ({
    lineId: String(row['line_id']),
    creditMinor: Number(row['credit_minor']),
    replacementCostMinor: Number(row['replacement_cost_minor']),
    appliedMinor: Number(row['applied_minor']),
    surplusMinor: Number(row['surplus_minor']),
    shortfallMinor: Number(row['shortfall_minor']),
    bonusMinor: Number(row['bonus_minor']),
  }));
}
