/**
 * The ExpectedReturnsStore port on Postgres: approved returns remembered, and arrivals held until
 * their approval is read.
 */
import type { EntityManager } from 'typeorm';
import type { Arrival, ExpectedReturn, ExpectedReturnsStore } from '../domain/ports';
import type { Row } from './inspection-rows';

export class PgExpectedReturnsStore implements ExpectedReturnsStore {
  constructor(private readonly manager: EntityManager) {}

  async lockReturn(returnId: string): Promise<void> {
    await this.manager.query("SELECT pg_advisory_xact_lock(hashtextextended('warehouse-qc.return:' || $1, 0))", [
      returnId,
    ]);
  }

  async rememberReturn(expected: ExpectedReturn): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO expected_returns (return_id, order_id, lines, refundable_fractions)
       VALUES ($1, $2, $3::jsonb, $4::jsonb) ON CONFLICT (return_id) DO NOTHING RETURNING return_id`,
      [
        expected.returnId,
        expected.orderId,
        JSON.stringify(expected.lines),
        JSON.stringify(expected.refundableFractions),
      ],
    );
    return rows.length === 1;
  }

  async findReturn(returnId: string): Promise<ExpectedReturn | undefined> {
    const rows: Row[] = await this.manager.query('SELECT * FROM expected_returns WHERE return_id = $1', [returnId]);
    const row = rows[0];
    return (
      row && {
        returnId: String(row['return_id']),
        orderId: String(row['order_id']),
        lines: row['lines'] as ExpectedReturn['lines'],
        refundableFractions: row['refundable_fractions'] as ExpectedReturn['refundableFractions'],
      }
    );
  }

  async holdArrival(arrival: Arrival): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO early_arrivals (return_id, warehouse_id, arrived_at) VALUES ($1, $2, $3)
       ON CONFLICT (return_id) DO NOTHING RETURNING return_id`,
      [arrival.returnId, arrival.warehouseId, arrival.arrivedAt],
    );
    return rows.length === 1;
  }

  async takeArrival(returnId: string): Promise<Arrival | undefined> {
    // For UPDATE and DELETE, TypeORM's postgres driver answers [rows, affected count].
    const [rows] = (await this.manager.query('DELETE FROM early_arrivals WHERE return_id = $1 RETURNING *', [
      returnId,
    ])) as [Row[], number];
    const row = rows[0];
    return (
      row && {
        returnId: String(row['return_id']),
        warehouseId: String(row['warehouse_id']),
        arrivedAt: row['arrived_at'] as Date,
      }
    );
  }
}
