/**
 * Inspections as Postgres keeps them (a row, its lines in their own table, records and resolutions as
 * JSON), read back into the domain's Inspection — the same way for the store and the view.
 */
import type { EntityManager } from 'typeorm';
import type { InspectionFlag } from '@rebound/contracts';
import type { Inspection, InspectionStatus, LineRecord, Resolution } from '../domain/inspection';

export type Row = Record<string, unknown>;

/** The inspection of an `inspections` row, with its lines. */
export async function inspectionOfRow(manager: EntityManager, row: Row): Promise<Inspection> {
  const lines: Row[] = await manager.query(
    'SELECT * FROM inspection_lines WHERE inspection_id = $1 ORDER BY position',
    [row['inspection_id']],
  );
  // Records and resolutions kept before clients were have no client id: null, not missing.
  const record = (value: unknown): LineRecord | null =>
    value
      ? {
          ...(value as LineRecord),
          recordedByClientId: (value as Partial<LineRecord>).recordedByClientId ?? null,
          recordedAt: new Date((value as { recordedAt: string }).recordedAt),
        }
      : null;
  const resolution = row['resolution'] as (Omit<Resolution, 'resolvedAt'> & { resolvedAt: string }) | null;
  return {
    inspectionId: String(row['inspection_id']),
    returnId: String(row['return_id']),
    orderId: String(row['order_id']),
    warehouseId: String(row['warehouse_id']),
    status: row['status'] as InspectionStatus,
    claim: row['claimed_by']
      ? {
          inspectorId: String(row['claimed_by']),
          inspectorClientId: (row['claimed_by_client_id'] as string | null) ?? null,
          expiresAt: row['claim_expires_at'] as Date,
        }
      : null,
    lines: lines.map((line) => ({
      lineId: String(line['line_id']),
      sku: String(line['sku']),
      category: (line['category'] as string | null) ?? null,
      expectedQuantity: Number(line['expected_quantity']),
      unexpected: Boolean(line['unexpected']),
      record: record(line['record']),
    })),
    refundableFractions: row['refundable_fractions'] as Record<string, number>,
    flagsAtCompletion: row['flags_at_completion'] as InspectionFlag[],
    resolution: resolution && {
      ...resolution,
      supervisorClientId: resolution.supervisorClientId ?? null,
      resolvedAt: new Date(resolution.resolvedAt),
    },
    openedAt: row['opened_at'] as Date,
    ...(row['traceparent'] ? { traceparent: row['traceparent'] as string } : {}),
    completedAt: (row['completed_at'] as Date | null) ?? null,
  };
}
