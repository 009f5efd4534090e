/**
 * The InspectionsStore port on Postgres, bound to one transaction's EntityManager: inspections and
 * their lines. Plain SQL, so the claim's conditional update is visible here.
 */
import type { EntityManager } from 'typeorm';
import type { Actor } from '@rebound/contracts';
import { traceparentForOutgoing } from '@rebound/observability';
import type { Inspection, InspectionLine, InspectionStatus, LineRecord } from '../domain/inspection';
import type { ClaimOutcome, InspectionsStore } from '../domain/ports';
import { inspectionOfRow, type Row } from './inspection-rows';

export class PgInspectionsStore implements InspectionsStore {
  constructor(private readonly manager: EntityManager) {}

  async insertInspection(inspection: Inspection): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO inspections (inspection_id, return_id, order_id, warehouse_id, status, refundable_fractions, opened_at, traceparent)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) ON CONFLICT (return_id) DO NOTHING RETURNING inspection_id`,
      [
        inspection.inspectionId,
        inspection.returnId,
        inspection.orderId,
        inspection.warehouseId,
        inspection.status,
        JSON.stringify(inspection.refundableFractions),
        inspection.openedAt,
        // The trace of the work opening it (the return's journey), as the outbox keeps it for events.
        traceparentForOutgoing(),
      ],
    );
    if (rows.length === 0) return false;
    for (const line of inspection.lines) await this.addLine(inspection.inspectionId, line);
    return true;
  }

  async lockInspection(inspectionId: string): Promise<Inspection | undefined> {
    const rows: Row[] = await this.manager.query('SELECT * FROM inspections WHERE inspection_id = $1 FOR UPDATE', [
      inspectionId,
    ]);
    return rows[0] && inspectionOfRow(this.manager, rows[0]);
  }

  async claim(inspectionId: string, inspector: Actor, now: Date, expiresAt: Date): Promise<ClaimOutcome> {
    // The row lock serialises concurrent claims; the WHERE re-checks after the wait, so the second
    // claimant finds the first one's claim in force and gets no row back.
    const [, claimed] = (await this.manager.query(
      `UPDATE inspections SET claimed_by = $2, claimed_by_client_id = $5, claim_expires_at = $4
        WHERE inspection_id = $1 AND status = 'open'
          AND (claimed_by IS NULL OR claim_expires_at <= $3 OR claimed_by = $2)`,
      [inspectionId, inspector.subject, now, expiresAt, inspector.clientId],
    )) as [unknown, number];
    if (claimed === 1) return { outcome: 'won' };
    const rows: Row[] = await this.manager.query(
      'SELECT status, claimed_by, claim_expires_at FROM inspections WHERE inspection_id = $1',
      [inspectionId],
    );
    const row = rows[0];
    if (!row) return { outcome: 'missing' };
    if (row['status'] !== 'open') return { outcome: 'closed', status: row['status'] as InspectionStatus };
    return { outcome: 'taken', holder: String(row['claimed_by']), until: row['claim_expires_at'] as Date };
  }

  async saveLine(inspectionId: string, line: InspectionLine, record: LineRecord): Promise<void> {
    await this.manager.query(
      'UPDATE inspection_lines SET record = $3::jsonb WHERE inspection_id = $1 AND line_id = $2',
      [inspectionId, line.lineId, JSON.stringify(record)],
    );
  }

  async addLine(inspectionId: string, line: InspectionLine): Promise<void> {
    await this.manager.query(
      `INSERT INTO inspection_lines (inspection_id, line_id, position, sku, category, expected_quantity, unexpected, record)
       VALUES ($1, $2, (SELECT count(*) FROM inspection_lines WHERE inspection_id = $1), $3, $4, $5, $6, $7::jsonb)`,
      [
        inspectionId,
        line.lineId,
        line.sku,
        line.category,
        line.expectedQuantity,
        line.unexpected,
        line.record && JSON.stringify(line.record),
      ],
    );
  }

  async updateInspection(inspection: Inspection): Promise<void> {
    await this.manager.query(
      `UPDATE inspections SET status = $2, claimed_by = $3, claimed_by_client_id = $8, claim_expires_at = $4,
         flags_at_completion = $5, resolution = $6::jsonb, completed_at = $7
       WHERE inspection_id = $1`,
      [
        inspection.inspectionId,
        inspection.status,
        inspection.claim?.inspectorId ?? null,
        inspection.claim?.expiresAt ?? null,
        inspection.flagsAtCompletion,
        inspection.resolution && JSON.stringify(inspection.resolution),
        inspection.completedAt,
        inspection.claim?.inspectorClientId ?? null,
      ],
    );
  }
}
