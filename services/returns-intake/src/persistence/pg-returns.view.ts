/**
 * The ReturnsView read port on Postgres: lists, stuck returns and one return's whole story, each
 * read outside any use case's transaction.
 */
import { DataSource, EntityManager } from 'typeorm';
import type {
  ReturnDetails,
  ReturnListFilter,
  ReturnListPosition,
  ReturnsView,
  StuckListPosition,
  StuckReturn,
} from '../domain/ports';
import type { ReturnRequest } from '../domain/return-request';
import { WAITING_STATUSES, type StuckThresholds, type WaitingStatus } from '../domain/stuck-returns';
import {
  DECISIONS_JSON,
  LINES_JSON,
  REFUNDS_JSON,
  TIMELINE_JSON,
  returnLines,
  toDecision,
  toLine,
  toRefund,
  toReturn,
  toTimelineEntry,
} from './pg-returns.store';
import { ENDED, type Row } from './pg-sql';

export class PgReturnsView implements ReturnsView {
  private readonly manager: EntityManager;

  constructor(dataSource: DataSource) {
    this.manager = dataSource.manager;
  }

  async details(returnId: string): Promise<ReturnDetails | null> {
    // One statement, so one snapshot: the status, timeline and refunds a reader sees belong together.
    const [row]: Row[] = await this.manager.query(
      `SELECT r.*, ${LINES_JSON} AS lines, ${DECISIONS_JSON} AS decisions, ${TIMELINE_JSON} AS timeline,
              ${REFUNDS_JSON} AS refunds
         FROM returns r WHERE r.return_id = $1`,
      [returnId],
    );
    if (!row) return null;
    return {
      request: toReturn(row, (row['lines'] as Row[]).map(toLine)),
      decisions: (row['decisions'] as Row[]).map(toDecision),
      timeline: (row['timeline'] as Row[]).map(toTimelineEntry),
      refunds: (row['refunds'] as Row[]).map(toRefund),
    };
  }

  async stuck(
    thresholds: StuckThresholds,
    now: Date,
    filter: { readonly status?: WaitingStatus },
    limit: number,
    after?: StuckListPosition,
  ): Promise<StuckReturn[]> {
    const [statuses, seconds] = thresholdColumns(thresholds, filter.status);
    const rows: Row[] = await this.manager.query(
      `SELECT r.*, t.seconds AS threshold_seconds FROM returns r
         JOIN unnest($1::text[], $2::int[]) AS t(status, seconds) ON r.status = t.status
        WHERE r.status NOT IN ${ENDED}
          AND r.progressed_at < $3::timestamptz - make_interval(secs => t.seconds)
          AND ($4::timestamptz IS NULL OR (r.progressed_at, r.return_id) > ($4::timestamptz, $5::uuid))
        ORDER BY r.progressed_at, r.return_id
        LIMIT $6`,
      [statuses, seconds, now, after?.progressedAt ?? null, after?.returnId ?? null, limit],
    );
    const lines = await returnLines(
      this.manager,
      rows.map((row) => String(row['return_id'])),
    );
    return rows.map((row) => ({
      request: toReturn(row, lines.get(String(row['return_id'])) ?? []),
      progressedAt: new Date(row['progressed_at'] as string),
      thresholdSeconds: Number(row['threshold_seconds']),
    }));
  }

  /** How many returns are stuck, per waiting status (every one of them, zeros included). */
  async countStuck(thresholds: StuckThresholds, now: Date): Promise<Map<WaitingStatus, number>> {
    const [statuses, seconds] = thresholdColumns(thresholds);
    const rows: Row[] = await this.manager.query(
      `SELECT t.status, (SELECT count(*) FROM returns r
                          WHERE r.status = t.status AND r.status NOT IN ${ENDED}
                            AND r.progressed_at < $3::timestamptz - make_interval(secs => t.seconds))::int AS stuck
         FROM unnest($1::text[], $2::int[]) AS t(status, seconds)`,
      [statuses, seconds, now],
    );
    return new Map(rows.map((row) => [row['status'] as WaitingStatus, Number(row['stuck'])]));
  }

  async list(filter: ReturnListFilter, limit: number, after?: ReturnListPosition): Promise<ReturnRequest[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM returns
        WHERE ($1::text IS NULL OR order_id = $1)
          AND ($2::text IS NULL OR customer_id = $2)
          AND ($3::text IS NULL OR status = $3)
          AND ($4::timestamptz IS NULL OR (created_at, return_id) < ($4::timestamptz, $5::uuid))
        ORDER BY created_at DESC, return_id DESC
        LIMIT $6`,
      [
        filter.orderId ?? null,
        filter.customerId ?? null,
        filter.status ?? null,
        after?.createdAt ?? null,
        after?.returnId ?? null,
        limit,
      ],
    );
    const lines = await returnLines(
      this.manager,
      rows.map((row) => String(row['return_id'])),
    );
    return rows.map((row) => toReturn(row, lines.get(String(row['return_id'])) ?? []));
  }
}

/** The thresholds as two parallel arrays for `unnest`, one status only when the filter names one. */
function thresholdColumns(thresholds: StuckThresholds, only?: WaitingStatus): [WaitingStatus[], number[]] {
  const statuses = WAITING_STATUSES.filter((status) => only === undefined || status === only);
  return [statuses, statuses.map((status) => thresholds[status])];
}
