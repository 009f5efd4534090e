/**
 * Returns on Postgres — each with its lines, decisions, timeline and refunds — bound to one
 * transaction's EntityManager. Plain SQL: every statement is visible here, including the row locks
 * the concurrency guarantees rest on.
 */
import { EntityManager } from 'typeorm';
import type { Actor, LineResolution } from '@rebound/contracts';
import type { LineChange, ReturnOpening, ReturnsStore } from '../domain/ports';
import type { Decision, RefundFact, ReturnLine, ReturnRequest, TimelineEntry } from '../domain/return-request';
import type { ReturnStatus } from '../domain/return-status';
import { ABANDONED, type Row } from './pg-sql';

export class PgReturnsStore implements ReturnsStore {
  constructor(private readonly manager: EntityManager) {}

  async insert(request: ReturnRequest, opening?: ReturnOpening): Promise<void> {
    // One statement for the return, its lines and its opening; the timeline entries keep their order
    // (position) as given.
    await this.manager.query(
      `WITH inserted AS (
         INSERT INTO returns (return_id, order_id, customer_id, status, method, refund_method, pickup, currency,
                              policy_version, expected_refund_minor, created_at, updated_at, progressed_at,
                              instant_exchange)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $12, $16)
         RETURNING return_id, order_id),
       lines AS (
         INSERT INTO return_lines (return_id, line_id, order_id, sku, category, quantity, unit_price_minor,
                                   reason_code, comment, photo_urls, restocking_fee_minor, resolution, fallbacks)
         SELECT inserted.return_id, l.line_id, inserted.order_id, l.sku, l.category, l.quantity, l.unit_price_minor,
                l.reason_code, l.comment, l.photo_urls, l.restocking_fee_minor, NULLIF(l.resolution, 'null'::jsonb),
                l.fallbacks
           FROM inserted,
                jsonb_to_recordset($13::jsonb) AS l(line_id text, sku text, category text, quantity integer,
                                                    unit_price_minor bigint, reason_code text, comment text,
                                                    photo_urls jsonb, restocking_fee_minor bigint,
                                                    resolution jsonb, fallbacks jsonb)),
       decisions AS (
         INSERT INTO return_decisions (decision_id, return_id, outcome, policy_version, decided_by, note, inputs,
                                       assessment, decided_at)
         SELECT d.decision_id, inserted.return_id, d.outcome, d.policy_version, d.decided_by, d.note, d.inputs,
                d.assessment, d.decided_at
           FROM inserted,
                jsonb_to_recordset($14::jsonb) AS d(decision_id uuid, outcome text, policy_version integer,
                                                    decided_by text, note text, inputs jsonb, assessment jsonb,
                                                    decided_at timestamptz))
       INSERT INTO return_timeline (event_id, return_id, event_type, source, occurred_at, status_after, details, actor)
       SELECT (e.entry->>'event_id')::uuid, inserted.return_id, e.entry->>'event_type', e.entry->>'source',
              (e.entry->>'occurred_at')::timestamptz, e.entry->>'status_after', e.entry->'details',
              NULLIF(e.entry->'actor', 'null'::jsonb)
         FROM inserted, jsonb_array_elements($15::jsonb) WITH ORDINALITY AS e(entry, ord)
        ORDER BY e.ord`,
      [
        request.returnId,
        request.orderId,
        request.customerId,
        request.status,
        request.method,
        request.refundMethod,
        request.pickup ? JSON.stringify(request.pickup) : null,
        request.currency,
        request.policyVersion,
        request.expectedRefundMinor,
        request.createdAt,
        request.updatedAt,
        JSON.stringify(
          request.lines.map((line) => ({
            line_id: line.lineId,
            sku: line.sku,
            category: line.category,
            quantity: line.quantity,
            unit_price_minor: line.unitPriceMinor,
            reason_code: line.reasonCode,
            comment: line.comment,
            photo_urls: line.photoUrls,
            restocking_fee_minor: line.restockingFeeMinor,
            resolution: line.resolution,
            fallbacks: line.fallbacks,
          })),
        ),
        JSON.stringify(
          opening
            ? [
                {
                  decision_id: opening.decision.decisionId,
                  outcome: opening.decision.outcome,
                  policy_version: opening.decision.policyVersion,
                  decided_by: opening.decision.decidedBy,
                  note: opening.decision.note,
                  inputs: opening.decision.inputs,
                  assessment: opening.decision.assessment,
                  decided_at: opening.decision.decidedAt,
                },
              ]
            : [],
        ),
        JSON.stringify(
          (opening?.timeline ?? []).map((entry) => ({
            event_id: entry.eventId,
            event_type: entry.eventType,
            source: entry.source,
            occurred_at: entry.occurredAt,
            status_after: entry.statusAfter,
            details: entry.details,
            actor: entry.actor,
          })),
        ),
        request.instantExchange,
      ],
    );
  }

  find(returnId: string): Promise<ReturnRequest | null> {
    return this.readReturn(returnId, '');
  }

  lock(returnId: string): Promise<ReturnRequest | null> {
    return this.readReturn(returnId, 'FOR UPDATE');
  }

  async setStatus(returnId: string, status: ReturnStatus, at: Date): Promise<void> {
    await this.manager.query(
      'UPDATE returns SET status = $2, updated_at = $3, progressed_at = GREATEST(progressed_at, $3) WHERE return_id = $1',
      [returnId, status, at],
    );
  }

  async markProgress(returnId: string, at: Date): Promise<void> {
    await this.manager.query('UPDATE returns SET progressed_at = GREATEST(progressed_at, $2) WHERE return_id = $1', [
      returnId,
      at,
    ]);
  }

  async updateLine(returnId: string, lineId: string, change: LineChange): Promise<void> {
    await this.manager.query(
      `UPDATE return_lines SET resolution = $3::jsonb, fallbacks = $4::jsonb, warehouse_id = $5
        WHERE return_id = $1 AND line_id = $2`,
      [
        returnId,
        lineId,
        change.resolution ? JSON.stringify(change.resolution) : null,
        JSON.stringify(change.fallbacks),
        change.warehouseId,
      ],
    );
  }

  async setExpectedRefund(returnId: string, expectedRefundMinor: number): Promise<void> {
    await this.manager.query('UPDATE returns SET expected_refund_minor = $2 WHERE return_id = $1', [
      returnId,
      expectedRefundMinor,
    ]);
  }

  async markExchangeRequested(returnId: string, at: Date): Promise<void> {
    await this.manager.query('UPDATE returns SET exchange_requested_at = $2 WHERE return_id = $1', [returnId, at]);
  }

  async markExchangeReleased(returnId: string, at: Date): Promise<void> {
    await this.manager.query('UPDATE returns SET exchange_released_at = $2 WHERE return_id = $1', [returnId, at]);
  }

  async returnedQuantities(orderId: string): Promise<Map<string, number>> {
    const rows: Row[] = await this.manager.query(
      `SELECT rl.line_id, sum(rl.quantity)::int AS quantity
         FROM return_lines rl JOIN returns r ON r.return_id = rl.return_id
        WHERE rl.order_id = $1 AND r.status NOT IN ${ABANDONED}
        GROUP BY rl.line_id`,
      [orderId],
    );
    return new Map(rows.map((row) => [String(row['line_id']), Number(row['quantity'])]));
  }

  async linesInReturns(orderId: string): Promise<Set<string>> {
    const rows: Row[] = await this.manager.query('SELECT DISTINCT line_id FROM return_lines WHERE order_id = $1', [
      orderId,
    ]);
    return new Set(rows.map((row) => String(row['line_id'])));
  }

  async insertDecision(decision: Decision): Promise<void> {
    await this.manager.query(
      `INSERT INTO return_decisions (decision_id, return_id, outcome, policy_version, decided_by, note, inputs, assessment, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)`,
      [
        decision.decisionId,
        decision.returnId,
        decision.outcome,
        decision.policyVersion,
        decision.decidedBy,
        decision.note,
        JSON.stringify(decision.inputs),
        JSON.stringify(decision.assessment),
        decision.decidedAt,
      ],
    );
  }

  async decisions(returnId: string): Promise<Decision[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM return_decisions WHERE return_id = $1 ORDER BY decided_at, decision_id',
      [returnId],
    );
    return rows.map(toDecision);
  }

  async appendTimeline(entry: TimelineEntry): Promise<boolean> {
    const inserted: Row[] = await this.manager.query(
      `INSERT INTO return_timeline (event_id, return_id, event_type, source, occurred_at, status_after, details, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        entry.eventId,
        entry.returnId,
        entry.eventType,
        entry.source,
        entry.occurredAt,
        entry.statusAfter,
        JSON.stringify(entry.details),
        entry.actor && JSON.stringify(entry.actor),
      ],
    );
    return inserted.length > 0;
  }

  async timeline(returnId: string): Promise<TimelineEntry[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM return_timeline WHERE return_id = $1 ORDER BY occurred_at, position',
      [returnId],
    );
    return rows.map(toTimelineEntry);
  }

  async saveRefund(fact: RefundFact): Promise<void> {
    await this.manager.query(
      `INSERT INTO return_refunds (refund_id, return_id, kind, phase, state, amount_minor, bonus_minor, clawback_minor,
                                   currency, detail, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (refund_id) DO UPDATE SET kind = EXCLUDED.kind, phase = EXCLUDED.phase, state = EXCLUDED.state,
         amount_minor = EXCLUDED.amount_minor, bonus_minor = EXCLUDED.bonus_minor,
         clawback_minor = EXCLUDED.clawback_minor, currency = EXCLUDED.currency, detail = EXCLUDED.detail,
         updated_at = EXCLUDED.updated_at`,
      [
        fact.refundId,
        fact.returnId,
        fact.kind,
        fact.phase,
        fact.state,
        fact.amountMinor,
        fact.bonusMinor,
        fact.clawbackMinor,
        fact.currency,
        fact.detail,
        fact.updatedAt,
      ],
    );
  }

  async findRefund(refundId: string): Promise<RefundFact | null> {
    const [row]: Row[] = await this.manager.query('SELECT * FROM return_refunds WHERE refund_id = $1', [refundId]);
    return row ? toRefund(row) : null;
  }

  async refunds(returnId: string): Promise<RefundFact[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM return_refunds WHERE return_id = $1 ORDER BY updated_at, refund_id',
      [returnId],
    );
    return rows.map(toRefund);
  }

  private async readReturn(returnId: string, lock: '' | 'FOR UPDATE'): Promise<ReturnRequest | null> {
    // Lines are written with their return and change only under its row lock (a resolution moving on),
    // so reading them in the same statement as the row lock cannot miss a concurrent change.
    const [row]: Row[] = await this.manager.query(
      `SELECT r.*, ${LINES_JSON} AS lines FROM returns r WHERE r.return_id = $1 ${lock}`,
      [returnId],
    );
    return row ? toReturn(row, (row['lines'] as Row[]).map(toLine)) : null;
  }
}

/**
 * Subqueries for one return's parts as JSON arrays of rows, in the order the store reads them, for a
 * statement over `returns r`: one statement reads a return whole, from one snapshot.
 */
export const LINES_JSON = `(SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.line_id), '[]')
                              FROM return_lines l WHERE l.return_id = r.return_id)`;
export const DECISIONS_JSON = `(SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.decided_at, d.decision_id), '[]')
                                  FROM return_decisions d WHERE d.return_id = r.return_id)`;
export const TIMELINE_JSON = `(SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.occurred_at, t.position), '[]')
                                 FROM return_timeline t WHERE t.return_id = r.return_id)`;
export const REFUNDS_JSON = `(SELECT coalesce(jsonb_agg(to_jsonb(f) ORDER BY f.updated_at, f.refund_id), '[]')
                                FROM return_refunds f WHERE f.return_id = r.return_id)`;

export async function returnLines(manager: EntityManager, returnIds: string[]): Promise<Map<string, ReturnLine[]>> {
  const byReturn = new Map<string, ReturnLine[]>();
  if (returnIds.length === 0) return byReturn;
  const rows: Row[] = await manager.query(
    'SELECT * FROM return_lines WHERE return_id = ANY($1::uuid[]) ORDER BY return_id, line_id',
    [returnIds],
  );
  for (const row of rows) {
    const returnId = String(row['return_id']);
    byReturn.set(returnId, [...(byReturn.get(returnId) ?? []), toLine(row)]);
  }
  return byReturn;
}

/**
 * The row mappers below take a row as the driver parses it or as `to_jsonb` spells it (timestamps
 * then arrive as ISO strings, numbers as JSON numbers): both read the same.
 */
export function toLine(row: Row): ReturnLine {
  return {
    lineId: String(row['line_id']),
    sku: String(row['sku']),
    category: String(row['category']),
    quantity: Number(row['quantity']),
    unitPriceMinor: Number(row['unit_price_minor']),
    reasonCode: String(row['reason_code']),
    comment: (row['comment'] as string | null) ?? null,
    photoUrls: row['photo_urls'] as string[],
    restockingFeeMinor: Number(row['restocking_fee_minor']),
    resolution: (row['resolution'] as LineResolution | null) ?? null,
    fallbacks: (row['fallbacks'] as LineResolution[] | null) ?? [],
    warehouseId: (row['warehouse_id'] as string | null) ?? null,
  };
}

export function toDecision(row: Row): Decision {
  return {
    decisionId: String(row['decision_id']),
    returnId: String(row['return_id']),
    outcome: row['outcome'] as Decision['outcome'],
    policyVersion: Number(row['policy_version']),
    decidedBy: String(row['decided_by']),
    note: (row['note'] as string | null) ?? null,
    inputs: row['inputs'],
    assessment: row['assessment'] as Decision['assessment'],
    decidedAt: new Date(row['decided_at'] as string),
  };
}

export function toTimelineEntry(row: Row): TimelineEntry {
  return {
    eventId: String(row['event_id']),
    returnId: String(row['return_id']),
    eventType: String(row['event_type']),
    source: String(row['source']),
    occurredAt: new Date(row['occurred_at'] as string),
    statusAfter: row['status_after'] as ReturnStatus,
    details: row['details'] as Record<string, unknown>,
    actor: (row['actor'] as Actor | null) ?? null,
  };
}

export function toReturn(row: Row, lines: ReturnLine[]): ReturnRequest {
  return {
    returnId: String(row['return_id']),
    orderId: String(row['order_id']),
    customerId: String(row['customer_id']),
    status: row['status'] as ReturnStatus,
    method: row['method'] as ReturnRequest['method'],
    refundMethod: row['refund_method'] as ReturnRequest['refundMethod'],
    pickup: (row['pickup'] as ReturnRequest['pickup']) ?? null,
    currency: String(row['currency']),
    policyVersion: Number(row['policy_version']),
    expectedRefundMinor: Number(row['expected_refund_minor']),
    instantExchange: Boolean(row['instant_exchange']),
    exchangeRequestedAt: row['exchange_requested_at'] ? new Date(row['exchange_requested_at'] as string) : null,
    exchangeReleasedAt: row['exchange_released_at'] ? new Date(row['exchange_released_at'] as string) : null,
    createdAt: new Date(row['created_at'] as string),
    updatedAt: new Date(row['updated_at'] as string),
    lines,
  };
}

export function toRefund(row: Row): RefundFact {
  return {
    refundId: String(row['refund_id']),
    returnId: String(row['return_id']),
    kind: row['kind'] as RefundFact['kind'],
    phase: row['phase'] as RefundFact['phase'],
    state: row['state'] as RefundFact['state'],
    amountMinor: Number(row['amount_minor']),
    bonusMinor: Number(row['bonus_minor']),
    clawbackMinor: Number(row['clawback_minor']),
    currency: String(row['currency']),
    detail: (row['detail'] as string | null) ?? null,
    updatedAt: new Date(row['updated_at'] as string),
  };
}
