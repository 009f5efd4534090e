/**
 * The InventoryStore port on Postgres, bound to one transaction's EntityManager, plus the reads the
 * API serves (levels, ledger pages, the ledger check, restock latency). Plain SQL: the locking order
 * and the conditions are visible here.
 */
import { EntityManager } from 'typeorm';
import { type Actor, STOCK_BUCKETS, type StockBucket } from '@rebound/contracts';
import type {
  InboundLine,
  InventoryStore,
  LatencySample,
  LedgerEntry,
  Movement,
  ReturnFact,
  RestockedUnits,
  ReturnProgress,
  StoredRequest,
} from '../domain/ports';
import { emptyBuckets, type MovementReason, type StockLevel } from '../domain/stock';

type Row = Record<string, unknown>;

const LEVEL_COLUMNS = `sku, warehouse_id, ${STOCK_BUCKETS.join(', ')}, expected_inbound, version, updated_at`;

const FACT_COLUMN: Record<ReturnFact, string> = {
  picked_up: 'picked_up_at',
  delivered: 'delivered_at',
  inspected: 'inspected_at',
};

/** Where a level is kept: a sku at a warehouse. */
export interface LevelKey {
  readonly sku: string;
  readonly warehouseId: string;
}

/** A level that differs from what the ledger (or the open expected inbound) adds up to. */
export interface LevelMismatch {
  readonly sku: string;
  readonly warehouseId: string;
  /** A bucket, or `expected_inbound`. */
  readonly measure: string;
  readonly level: number;
  readonly recomputed: number;
}

export interface RestockLatency {
  readonly units: number;
  readonly p50Seconds: number | null;
  readonly p95Seconds: number | null;
}

export class PgInventoryStore implements InventoryStore {
  constructor(private readonly manager: EntityManager) {}

  async lockLevels(keys: readonly { sku: string; warehouseId: string }[]): Promise<StockLevel[]> {
    const sorted = [...keys].sort((a, b) => compare(a.sku, b.sku) || compare(a.warehouseId, b.warehouseId));
    const skus = sorted.map((key) => key.sku);
    const warehouses = sorted.map((key) => key.warehouseId);
    // New keys are inserted, and all keys locked, in one order: two movements never wait on each other in a circle.
    await this.manager.query(
      `INSERT INTO stock_levels (sku, warehouse_id)
       SELECT sku, warehouse_id FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(sku, warehouse_id, n)
        ORDER BY n
       ON CONFLICT (sku, warehouse_id) DO NOTHING`,
      [skus, warehouses],
    );
    const rows: Row[] = await this.manager.query(
      `SELECT ${LEVEL_COLUMNS} FROM stock_levels
        WHERE (sku, warehouse_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        ORDER BY sku COLLATE "C", warehouse_id COLLATE "C"
        FOR UPDATE`,
      [skus, warehouses],
    );
    return rows.map(toLevel);
  }

  async saveLevel(level: StockLevel): Promise<void> {
    const { buckets } = level;
    await this.manager.query(
      `UPDATE stock_levels
          SET sellable = $3, refurbish = $4, liquidation = $5, return_to_vendor = $6, quarantine = $7, scrap = $8,
              expected_inbound = $9, version = $10, updated_at = $11
        WHERE sku = $1 AND warehouse_id = $2`,
      [
        level.sku,
        level.warehouseId,
        buckets.sellable,
        buckets.refurbish,
        buckets.liquidation,
        buckets.return_to_vendor,
        buckets.quarantine,
        buckets.scrap,
        level.expectedInbound,
        level.version,
        level.updatedAt,
      ],
    );
  }

  async appendLedger(movement: Movement, recordedAt: Date): Promise<void> {
    const { lines } = movement;
    await this.manager.query(
      `INSERT INTO ledger (source_id, line_no, sku, warehouse_id, bucket, quantity_delta, reason, return_id,
                           reference, note, occurred_at, recorded_at, moved_by)
       SELECT $1, n, sku, warehouse_id, bucket, delta, $6, $7, $8, $9, $10, $11, $12::jsonb
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) WITH ORDINALITY AS l(sku, warehouse_id, bucket, delta, n)
        ORDER BY n`,
      [
        movement.sourceId,
        lines.map((line) => line.sku),
        lines.map((line) => line.warehouseId),
        lines.map((line) => line.bucket),
        lines.map((line) => line.quantityDelta),
        movement.reason,
        movement.returnId ?? null,
        movement.reference ?? null,
        movement.note ?? null,
        movement.occurredAt,
        recordedAt,
        movement.movedBy
          ? JSON.stringify({ subject: movement.movedBy.subject, clientId: movement.movedBy.clientId })
          : null,
      ],
    );
  }

  async noteReturn(returnId: string, fact: ReturnFact, at: Date): Promise<ReturnProgress> {
    const column = FACT_COLUMN[fact];
    await this.manager.query('INSERT INTO return_progress (return_id) VALUES ($1) ON CONFLICT (return_id) DO NOTHING', [
      returnId,
    ]);
    const [before]: Row[] = await this.manager.query(
      'SELECT inspected_at FROM return_progress WHERE return_id = $1 FOR UPDATE',
      [returnId],
    );
    await this.manager.query(`UPDATE return_progress SET ${column} = COALESCE(${column}, $2) WHERE return_id = $1`, [
      returnId,
      at,
    ]);
    return { returnId, inspectedAt: (before['inspected_at'] as Date | null) ?? null };
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

  async completeLatency(returnId: string): Promise<LatencySample[]> {
    const [rows]: [Row[], number] = await this.manager.query(
      `UPDATE restock_latency r
          SET seconds = GREATEST(0, extract(epoch FROM r.restocked_at - p.delivered_at))
         FROM return_progress p
        WHERE r.return_id = $1 AND p.return_id = r.return_id AND r.seconds IS NULL AND p.delivered_at IS NOT NULL
        RETURNING r.return_id, r.line_id, r.sku, r.warehouse_id, r.units, r.seconds, r.restocked_at`,
      [returnId],
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

  async claimRequest(idempotencyKey: string, requestHash: string): Promise<StoredRequest | null> {
    // A concurrent request with the same key waits here until the first commits (then finds its answer) or rolls back.
    const claimed: Row[] = await this.manager.query(
      `INSERT INTO movement_requests (idempotency_key, request_hash) VALUES ($1, $2)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
      [idempotencyKey, requestHash],
    );
    if (claimed.length === 1) return null;
    const [row]: Row[] = await this.manager.query(
      'SELECT request_hash, response FROM movement_requests WHERE idempotency_key = $1',
      [idempotencyKey],
    );
    return { requestHash: String(row['request_hash']), response: row['response'] };
  }

  async storeResponse(idempotencyKey: string, response: unknown): Promise<void> {
    await this.manager.query('UPDATE movement_requests SET response = $2::jsonb WHERE idempotency_key = $1', [
      idempotencyKey,
      JSON.stringify(response),
    ]);
  }

  /** Every warehouse's level of the sku, by warehouse. */
  async levelsOf(sku: string): Promise<StockLevel[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT ${LEVEL_COLUMNS} FROM stock_levels WHERE sku = $1 AND version > 0 ORDER BY warehouse_id COLLATE "C"`,
      [sku],
    );
    return rows.map(toLevel);
  }

  /** The sku's ledger, newest first, after (older than) the entry id given. */
  async ledgerOf(sku: string, limit: number, beforeEntryId?: string): Promise<LedgerEntry[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM ledger WHERE sku = $1 AND ($3::bigint IS NULL OR entry_id < $3::bigint)
        ORDER BY entry_id DESC LIMIT $2`,
      [sku, limit, beforeEntryId ?? null],
    );
    return rows.map(toEntry);
  }

  /**
   * Recomputes the levels of one window of keys (sku, warehouse) from the ledger and the open expected
   * inbound; what disagrees. The window holds the first `limit` levels after `after` in key order and
   * every ledger or inbound key up to the last of them (to the end, on the last window), so the windows
   * together check every key once, each through indexes in key order. `through`: the window's last
   * key, null when it reached the end.
   */
  async mismatches(
    limit: number,
    after?: LevelKey,
  ): Promise<{ checked: number; mismatches: LevelMismatch[]; through: LevelKey | null }> {
    const keys: Row[] = await this.manager.query(
      `SELECT sku, warehouse_id FROM stock_levels
        WHERE ($1::text IS NULL OR (sku, warehouse_id) > ($1, $2::text))
        ORDER BY sku, warehouse_id LIMIT $3`,
      [after?.sku ?? null, after?.warehouseId ?? null, limit + 1],
    );
    const checked = Math.min(keys.length, limit);
    const last = keys.length > limit ? keys[limit - 1] : undefined;
    const through = last ? { sku: String(last['sku']), warehouseId: String(last['warehouse_id']) } : null;
    const inWindow = `($1::text IS NULL OR (sku, warehouse_id) > ($1, $2::text))
                  AND ($3::text IS NULL OR (sku, warehouse_id) <= ($3, $4::text))`;
    const rows: Row[] = await this.manager.query(
      `WITH held AS (
         SELECT sku, warehouse_id, m.measure, m.quantity
           FROM stock_levels,
                LATERAL (VALUES ('sellable', sellable), ('refurbish', refurbish), ('liquidation', liquidation),
                                ('return_to_vendor', return_to_vendor), ('quarantine', quarantine), ('scrap', scrap),
                                ('expected_inbound', expected_inbound)) AS m(measure, quantity)
          WHERE ${inWindow}
       ), recomputed AS (
         SELECT sku, warehouse_id, bucket AS measure, sum(quantity_delta)::int AS quantity
           FROM ledger WHERE ${inWindow} GROUP BY sku, warehouse_id, bucket
         UNION ALL
         SELECT sku, warehouse_id, 'expected_inbound', sum(quantity)::int
           FROM expected_inbound WHERE cleared_at IS NULL AND ${inWindow} GROUP BY sku, warehouse_id
       )
       SELECT COALESCE(h.sku, r.sku) AS sku, COALESCE(h.warehouse_id, r.warehouse_id) AS warehouse_id,
              COALESCE(h.measure, r.measure) AS measure, COALESCE(h.quantity, 0) AS level,
              COALESCE(r.quantity, 0) AS recomputed
         FROM held h FULL JOIN recomputed r USING (sku, warehouse_id, measure)
        WHERE COALESCE(h.quantity, 0) <> COALESCE(r.quantity, 0)
        ORDER BY 1, 2, 3`,
      [after?.sku ?? null, after?.warehouseId ?? null, through?.sku ?? null, through?.warehouseId ?? null],
    );
    return {
      checked,
      through,
      mismatches: rows.map((row) => ({
        sku: String(row['sku']),
        warehouseId: String(row['warehouse_id']),
        measure: String(row['measure']),
        level: Number(row['level']),
        recomputed: Number(row['recomputed']),
      })),
    };
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toLevel(row: Row): StockLevel {
  const buckets = emptyBuckets();
  for (const bucket of STOCK_BUCKETS) buckets[bucket] = Number(row[bucket]);
  return {
    sku: String(row['sku']),
    warehouseId: String(row['warehouse_id']),
    buckets,
    expectedInbound: Number(row['expected_inbound']),
    version: Number(row['version']),
    updatedAt: row['updated_at'] as Date,
  };
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

function toEntry(row: Row): LedgerEntry {
  return {
    entryId: String(row['entry_id']),
    sourceId: String(row['source_id']),
    sku: String(row['sku']),
    warehouseId: String(row['warehouse_id']),
    bucket: row['bucket'] as StockBucket,
    quantityDelta: Number(row['quantity_delta']),
    reason: row['reason'] as MovementReason,
    returnId: (row['return_id'] as string | null) ?? null,
    reference: (row['reference'] as string | null) ?? null,
    note: (row['note'] as string | null) ?? null,
    occurredAt: row['occurred_at'] as Date,
    recordedAt: row['recorded_at'] as Date,
    movedBy: (row['moved_by'] as Actor | null) ?? null,
  };
}
