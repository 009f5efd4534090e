/**
 * Restocked units on Postgres (the RestockStore port, bound to one transaction's EntityManager), kept
 * for the latency figures, and the percentiles the API serves of them.
 */
import { EntityManager } from 'typeorm';
import type {
  LatencySample,
  RestockLatency,
  RestockLatencyQueries,
  RestockStore,
  RestockedUnits,
} from '../domain/ports';

type Row = Record<string, unknown>;

export class PgRestockStore implements RestockStore, RestockLatencyQueries {
  constructor(private readonly manager: EntityManager) {}

  async recordRestocked(units: readonly RestockedUnits[]): Promise<void> {
    if (units.length === 0) return;
    await this.manager.query(
      `INSERT INTO restock_latency (return_id, line_id, sku, warehouse_id, units, restocked_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[])
       ON CONFLICT (return_id, line_id) DO NOTHING`,
      [
        units.map((unit) => unit.returnId),
        units.map((unit) => unit.lineId),
        units.map((unit) => unit.sku),
        units.map((unit) => unit.warehouseId),
        units.map((unit) => unit.units),
        units.map((unit) => unit.restockedAt),
      ],
    );
  }

  async completeLatency(returnId: string, deliveredAt: Date): Promise<LatencySample[]> {
    const [rows]: [Row[], number] = await this.manager.query(
      `UPDATE restock_latency
          SET seconds = GREATEST(0, extract(epoch FROM restocked_at - $2::timestamptz))
        WHERE return_id = $1 AND seconds IS NULL
        RETURNING return_id, line_id, sku, warehouse_id, units, seconds, restocked_at`,
      [returnId, deliveredAt],
    );
    return rows.map((row) => ({
      returnId: String(row['return_id']),
      lineId: String(row['line_id']),
      sku: String(row['sku']),
      warehouseId: String(row['warehouse_id']),
      units: Number(row['units']),
      seconds: Number(row['seconds']),
      restockedAt: row['restocked_at'] as Date,
    }));
  }

  /** Percentiles over units (a line of 3 units counts 3 times) restocked since `since`, through restock_latency_restocked_idx. */
  async restockLatency(since: Date): Promise<RestockLatency> {
    const [row]: Row[] = await this.manager.query(
      `SELECT count(*)::int AS units,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds) AS p95
         FROM restock_latency r CROSS JOIN LATERAL generate_series(1, r.units)
        WHERE r.seconds IS NOT NULL AND r.restocked_at >= $1`,
      [since],
    );
    const seconds = (value: unknown) => (value === null ? null : Number(value));
    return { units: Number(row['units']), p50Seconds: seconds(row['p50']), p95Seconds: seconds(row['p95']) };
  }
}
