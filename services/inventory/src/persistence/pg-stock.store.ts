/**
 * Stock levels and their ledger on Postgres (the StockStore port, bound to one transaction's
 * EntityManager), and the reads the API serves of them: levels, ledger pages, the ledger check.
 * Plain SQL: the locking order and the conditions are visible here.
 */
import { EntityManager } from 'typeorm';
import type { Actor } from '@rebound/contracts';
import type { LedgerEntry, LevelKey, LevelMismatch, Movement, StockQueries, StockStore } from '../domain/ports';
import { LEVEL_BUCKETS, emptyBuckets, type LevelBucket, type MovementReason, type StockLevel } from '../domain/stock';

type Row = Record<string, unknown>;

const LEVEL_COLUMNS = `sku, warehouse_id, ${LEVEL_BUCKETS.join(', ')}, expected_inbound, version, updated_at`;

export class PgStockStore implements StockStore, StockQueries {
  constructor(private readonly manager: EntityManager) {}

  async lockLevels(keys: readonly LevelKey[]): Promise<StockLevel[]> {
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

  async lockLevelsOf(skus: readonly string[]): Promise<StockLevel[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT ${LEVEL_COLUMNS} FROM stock_levels WHERE sku = ANY($1::text[])
        ORDER BY sku COLLATE "C", warehouse_id COLLATE "C"
        FOR UPDATE`,
      [skus],
    );
    return rows.map(toLevel);
  }

  async saveLevel(level: StockLevel): Promise<void> {
    const { buckets } = level;
    await this.manager.query(
      `UPDATE stock_levels
          SET sellable = $3, refurbish = $4, liquidation = $5, return_to_vendor = $6, quarantine = $7, scrap = $8,
              reserved = $9, expected_inbound = $10, version = $11, updated_at = $12
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
        buckets.reserved,
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

  /** Level keys in the order the ledger check walks them (the primary key's). */
  async levelKeys(limit: number, after?: LevelKey): Promise<LevelKey[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT sku, warehouse_id FROM stock_levels
        WHERE ($1::text IS NULL OR (sku, warehouse_id) > ($1, $2::text))
        ORDER BY sku, warehouse_id LIMIT $3`,
      [after?.sku ?? null, after?.warehouseId ?? null, limit],
    );
    return rows.map((row) => ({ sku: String(row['sku']), warehouseId: String(row['warehouse_id']) }));
  }

  /**
   * The window holds the levels after `after` up to `through` in key order and every ledger or
   * inbound key in that range (to the end, on the last window), so windows that follow each other
   * check every key once, each through indexes in key order.
   */
  async mismatches(after: LevelKey | undefined, through: LevelKey | null): Promise<LevelMismatch[]> {
    const inWindow = `($1::text IS NULL OR (sku, warehouse_id) > ($1, $2::text))
                  AND ($3::text IS NULL OR (sku, warehouse_id) <= ($3, $4::text))`;
    const rows: Row[] = await this.manager.query(
      `WITH held AS (
         SELECT sku, warehouse_id, m.measure, m.quantity
           FROM stock_levels,
                LATERAL (VALUES ('sellable', sellable), ('refurbish', refurbish), ('liquidation', liquidation),
                                ('return_to_vendor', return_to_vendor), ('quarantine', quarantine), ('scrap', scrap),
                                ('reserved', reserved), ('expected_inbound', expected_inbound)) AS m(measure, quantity)
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
    return rows.map((row) => ({
      sku: String(row['sku']),
      warehouseId: String(row['warehouse_id']),
      measure: String(row['measure']),
      level: Number(row['level']),
      recomputed: Number(row['recomputed']),
    }));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toLevel(row: Row): StockLevel {
  const buckets = emptyBuckets();
  for (const bucket of LEVEL_BUCKETS) buckets[bucket] = Number(row[bucket]);
  return {
    sku: String(row['sku']),
    warehouseId: String(row['warehouse_id']),
    buckets,
    expectedInbound: Number(row['expected_inbound']),
    version: Number(row['version']),
    updatedAt: row['updated_at'] as Date,
  };
}

function toEntry(row: Row): LedgerEntry {
  return {
    entryId: String(row['entry_id']),
    sourceId: String(row['source_id']),
    sku: String(row['sku']),
    warehouseId: String(row['warehouse_id']),
    bucket: row['bucket'] as LevelBucket,
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
