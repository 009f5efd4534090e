/**
 * Returns' parcels on Postgres (the ParcelStore port, bound to one transaction's EntityManager): what
 * inventory heard of each return, and the lines expected at a warehouse until inspected.
 */
import { EntityManager } from 'typeorm';
import type { InboundLine, ParcelStore, ReturnFact, ReturnProgress } from '../domain/ports';

type Row = Record<string, unknown>;

const FACT_COLUMN: Record<ReturnFact, string> = {
  picked_up: 'picked_up_at',
  delivered: 'delivered_at',
  inspected: 'inspected_at',
};

export class PgParcelStore implements ParcelStore {
  constructor(private readonly manager: EntityManager) {}

  async noteReturn(returnId: string, fact: ReturnFact, at: Date): Promise<ReturnProgress> {
    const column = FACT_COLUMN[fact];
    await this.manager.query('INSERT INTO return_progress (return_id) VALUES ($1) ON CONFLICT (return_id) DO NOTHING', [
      returnId,
    ]);
    const [before]: Row[] = await this.manager.query(
      'SELECT inspected_at FROM return_progress WHERE return_id = $1 FOR UPDATE',
      [returnId],
    );
    const [[after]]: [Row[], number] = await this.manager.query(
      `UPDATE return_progress SET ${column} = COALESCE(${column}, $2) WHERE return_id = $1 RETURNING delivered_at`,
      [returnId, at],
    );
    return {
      returnId,
      inspectedAt: (before['inspected_at'] as Date | null) ?? null,
      deliveredAt: (after['delivered_at'] as Date | null) ?? null,
    };
  }

  async expectInbound(lines: readonly InboundLine[], at: Date): Promise<InboundLine[]> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO expected_inbound (return_id, line_id, sku, warehouse_id, quantity, expected_at)
       SELECT * , $6::timestamptz FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[])
       ON CONFLICT (return_id, line_id) DO NOTHING
       RETURNING return_id, line_id, sku, warehouse_id, quantity`,
      [
        lines.map((line) => line.returnId),
        lines.map((line) => line.lineId),
        lines.map((line) => line.sku),
        lines.map((line) => line.warehouseId),
        lines.map((line) => line.quantity),
        at,
      ],
    );
    return rows.map(toInbound);
  }

  async clearInbound(returnId: string, at: Date): Promise<InboundLine[]> {
    const [rows]: [Row[], number] = await this.manager.query(
      `UPDATE expected_inbound SET cleared_at = $2 WHERE return_id = $1 AND cleared_at IS NULL
       RETURNING return_id, line_id, sku, warehouse_id, quantity`,
      [returnId, at],
    );
    return rows.map(toInbound);
  }
}

function toInbound(row: Row): InboundLine {
  return {
    returnId: String(row['return_id']),
    lineId: String(row['line_id']),
    sku: String(row['sku']),
    warehouseId: String(row['warehouse_id']),
    quantity: Number(row['quantity']),
  };
}
