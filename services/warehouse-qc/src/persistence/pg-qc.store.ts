/**
 * The QcStore port on Postgres, bound to one transaction's EntityManager, plus the queue the API
 * reads. Plain SQL: the claim's conditional update is visible here.
 */
import { EntityManager } from 'typeorm';
import type { Actor, InspectionFlag } from '@rebound/contracts';
import { traceparentForOutgoing } from '@rebound/observability';
import type {
  Inspection,
  InspectionLine,
  InspectionStatus,
  LineRecord,
  QueueState,
  Resolution,
} from '../domain/inspection';
import type { Arrival, ClaimOutcome, ExpectedReturn, QcStore } from '../domain/ports';

type Row = Record<string, unknown>;

/**
 * The queue's order: pending first (open, no active claim), then in progress, held, completed. Each
 * rank is one range of inspections_queue_idx (warehouse, status, opened_at, inspection_id) read in
 * index order and cut at the page size, so a page never ranks the warehouse's whole history.
 */
const QUEUE_RANKS = [
  { rank: 0, status: 'open', claim: 'AND (claim_expires_at IS NULL OR claim_expires_at <= $2)' },
  { rank: 1, status: 'open', claim: 'AND claim_expires_at > $2' },
  { rank: 2, status: 'held', claim: '' },
  { rank: 3, status: 'completed', claim: '' },
] as const;

const RANK_OF: Record<QueueState, number> = { pending: 0, in_progress: 1, held: 2, completed: 3 };

export interface QueuePosition {
  readonly rank: number;
  readonly openedAt: Date;
  readonly inspectionId: string;
}

export class PgQcStore implements QcStore {
  constructor(private readonly manager: EntityManager) {}

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

  async findInspection(inspectionId: string): Promise<Inspection | undefined> {
    return this.oneInspection(inspectionId, '');
  }

  lockInspection(inspectionId: string): Promise<Inspection | undefined> {
    return this.oneInspection(inspectionId, 'FOR UPDATE');
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

  /** A warehouse's queue in queue order; `state` narrows it to one queue state. */
  async queue(
    warehouseId: string,
    now: Date,
    state: QueueState | undefined,
    limit: number,
    after?: QueuePosition,
  ): Promise<Inspection[]> {
    // A rank before the cursor's is skipped, the cursor's own starts after it, a later one from its start.
    const ranges = QUEUE_RANKS.map(
      ({ rank, status, claim }) =>
        `(SELECT *, ${rank} AS rank FROM inspections
           WHERE warehouse_id = $1 AND status = '${status}' ${claim}
             AND ($3::int IS NULL OR $3 = ${rank})
             AND ($4::int IS NULL OR $4 < ${rank}
                  OR ($4 = ${rank} AND (opened_at, inspection_id) > ($5::timestamptz, $6::uuid)))
           ORDER BY opened_at, inspection_id LIMIT $7)`,
    );
    const rows: Row[] = await this.manager.query(
      `${ranges.join(' UNION ALL ')} ORDER BY rank, opened_at, inspection_id LIMIT $7`,
      [
        warehouseId,
        now,
        state === undefined ? null : RANK_OF[state],
        after?.rank ?? null,
        after?.openedAt ?? null,
        after?.inspectionId ?? null,
        limit,
      ],
    );
    return Promise.all(rows.map((row) => this.withLines(row)));
  }

  async inspectionOfReturn(returnId: string): Promise<Inspection | undefined> {
    const rows: Row[] = await this.manager.query('SELECT * FROM inspections WHERE return_id = $1', [returnId]);
    return rows[0] && this.withLines(rows[0]);
  }

  private async oneInspection(inspectionId: string, lock: string): Promise<Inspection | undefined> {
    const rows: Row[] = await this.manager.query(`SELECT * FROM inspections WHERE inspection_id = $1 ${lock}`, [
      inspectionId,
    ]);
    return rows[0] && this.withLines(rows[0]);
  }

  private async withLines(row: Row): Promise<Inspection> {
    const lines: Row[] = await this.manager.query(
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
}
