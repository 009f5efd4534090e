/**
 * The InspectionsView port on Postgres: the queue the warehouse app pages through and single
 * inspections, read outside the use cases' transactions.
 */
import type { EntityManager } from 'typeorm';
import type { Inspection, QueueState } from '../domain/inspection';
import type { InspectionsView, QueuePosition } from '../domain/ports';
import { inspectionOfRow, type Row } from './inspection-rows';

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

export class PgInspectionsView implements InspectionsView {
  constructor(private readonly manager: EntityManager) {}

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
    return Promise.all(rows.map((row) => inspectionOfRow(this.manager, row)));
  }

  async inspectionOfReturn(returnId: string): Promise<Inspection | undefined> {
    const rows: Row[] = await this.manager.query('SELECT * FROM inspections WHERE return_id = $1', [returnId]);
    return rows[0] && inspectionOfRow(this.manager, rows[0]);
  }

  async findInspection(inspectionId: string): Promise<Inspection | undefined> {
    const rows: Row[] = await this.manager.query('SELECT * FROM inspections WHERE inspection_id = $1', [inspectionId]);
    return rows[0] && inspectionOfRow(this.manager, rows[0]);
  }
}
