/**
 * The ReturnsStore port on Postgres, bound to one transaction's EntityManager. Plain SQL: every
 * statement is visible here, including the row locks the concurrency guarantees rest on.
 */
import { EntityManager } from 'typeorm';
import type { Actor, PartnerCoverage, ReturnMethod, ServiceArea, SlotWindow } from '@rebound/contracts';
import type {
  IdempotencyClaim,
  PolicyVersionRecord,
  ReturnListFilter,
  ReturnListPosition,
  ReturnsStore,
  StuckListPosition,
  StuckReturn,
} from '../domain/ports';
import type { Order, OrderLine, OrderPayment } from '../domain/order';
import { ReturnPolicyDocument, parsePolicyDocument } from '../domain/policy/policy-document';
import { ReturnPolicy } from '../domain/policy/return-policy';
import type { Decision, RefundFact, ReturnLine, ReturnRequest, TimelineEntry } from '../domain/return-request';
import type { ReturnStatus } from '../domain/return-status';
import { WAITING_STATUSES, type StuckThresholds, type WaitingStatus } from '../domain/stuck-returns';

type Row = Record<string, unknown>;

const ABANDONED = `('rejected', 'cancelled', 'expired')`;
/** Named in the stuck-returns queries so Postgres reads the partial index returns_progress_idx, which leaves these out. */
const ENDED = `('completed', 'rejected', 'cancelled', 'expired')`;

export class PgReturnsStore implements ReturnsStore {
  constructor(private readonly manager: EntityManager) {}

  async partnerCoverage(): Promise<PartnerCoverage[]> {
    const rows: Row[] = await this.manager.query('SELECT * FROM partner_coverage WHERE active ORDER BY partner_id');
    return rows.map((row) => ({
      partnerId: String(row['partner_id']),
      serviceAreas: row['service_areas'] as ServiceArea[],
      capabilities: row['capabilities'] as ReturnMethod[],
      slotWindows: row['slot_windows'] as SlotWindow[],
      horizonDays: Number(row['horizon_days']),
    }));
  }

  async savePartnerCoverage(
    coverage: PartnerCoverage & { readonly active: boolean; readonly changedAt: Date },
  ): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO partner_coverage AS c (partner_id, active, service_areas, capabilities, slot_windows, horizon_days, changed_at)
       VALUES ($1, $2, $3::jsonb, $4, $5::jsonb, $6, $7)
       ON CONFLICT (partner_id) DO UPDATE SET active = EXCLUDED.active, service_areas = EXCLUDED.service_areas,
         capabilities = EXCLUDED.capabilities, slot_windows = EXCLUDED.slot_windows, horizon_days = EXCLUDED.horizon_days,
         changed_at = EXCLUDED.changed_at, updated_at = now()
         WHERE c.changed_at <= EXCLUDED.changed_at
       RETURNING partner_id`,
      [
        coverage.partnerId,
        coverage.active,
        JSON.stringify(coverage.serviceAreas),
        coverage.capabilities,
        JSON.stringify(coverage.slotWindows),
        coverage.horizonDays,
        coverage.changedAt,
      ],
    );
    return rows.length === 1;
  }

  findOrder(orderId: string): Promise<Order | null> {
    return this.readOrder(orderId, '');
  }

  lockOrder(orderId: string): Promise<Order | null> {
    return this.readOrder(orderId, 'FOR UPDATE');
  }

  async saveOrder(order: Order): Promise<void> {
    await this.manager.query(
      `INSERT INTO orders (order_id, customer_id, loyalty_tier, currency, shipping_region, placed_at, delivered_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (order_id) DO UPDATE SET
         customer_id = EXCLUDED.customer_id, loyalty_tier = EXCLUDED.loyalty_tier, currency = EXCLUDED.currency,
         shipping_region = EXCLUDED.shipping_region, placed_at = EXCLUDED.placed_at,
         delivered_at = EXCLUDED.delivered_at, updated_at = now()`,
      [
        order.orderId,
        order.customerId,
        order.loyaltyTier,
        order.currency,
        order.shippingRegion,
        order.placedAt,
        order.deliveredAt,
      ],
    );
    // Lines that returns refer to are kept by the use case's checks; the rest is replaced.
    await this.manager.query(
      `DELETE FROM order_lines ol WHERE ol.order_id = $1 AND NOT (ol.line_id = ANY($2::text[]))`,
      [order.orderId, order.lines.map((line) => line.lineId)],
    );
    for (const line of order.lines) {
      await this.manager.query(
        `INSERT INTO order_lines (order_id, line_id, sku, category, quantity, unit_price_minor, final_sale)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (order_id, line_id) DO UPDATE SET sku = EXCLUDED.sku, category = EXCLUDED.category,
           quantity = EXCLUDED.quantity, unit_price_minor = EXCLUDED.unit_price_minor, final_sale = EXCLUDED.final_sale`,
        [order.orderId, line.lineId, line.sku, line.category, line.quantity, line.unitPriceMinor, line.finalSale],
      );
    }
    await this.manager.query('DELETE FROM order_payments WHERE order_id = $1', [order.orderId]);
    for (const [position, payment] of order.payments.entries()) {
      for (const allocation of payment.allocations) {
        await this.manager.query(
          `INSERT INTO order_payments (order_id, charge_id, position, line_id, amount_minor) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (order_id, charge_id, line_id) DO UPDATE SET amount_minor = order_payments.amount_minor + EXCLUDED.amount_minor`,
          [order.orderId, payment.chargeId, position, allocation.lineId, allocation.amountMinor],
        );
      }
    }
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

  async customerHistory(customerId: string): Promise<{ deliveredOrders: number; ordersWithReturns: number }> {
    const [row]: Row[] = await this.manager.query(
      `SELECT count(*) FILTER (WHERE o.delivered_at IS NOT NULL)::int AS delivered,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM returns r WHERE r.order_id = o.order_id AND r.status NOT IN ${ABANDONED}))::int AS with_returns
         FROM orders o WHERE o.customer_id = $1`,
      [customerId],
    );
    return { deliveredOrders: Number(row['delivered']), ordersWithReturns: Number(row['with_returns']) };
  }

  async currentPolicy(): Promise<ReturnPolicy | null> {
    const record = await this.latestPolicyVersion();
    return record ? new ReturnPolicy(record.version, record.document) : null;
  }

  async policyVersion(version: number): Promise<PolicyVersionRecord | null> {
    const [row]: Row[] = await this.manager.query('SELECT * FROM policy_versions WHERE version = $1', [version]);
    return row ? toPolicyRecord(row) : null;
  }

  async latestPolicyVersion(source?: 'file' | 'api'): Promise<PolicyVersionRecord | null> {
    const [row]: Row[] = await this.manager.query(
      'SELECT * FROM policy_versions WHERE $1::text IS NULL OR source = $1 ORDER BY version DESC LIMIT 1',
      [source ?? null],
    );
    return row ? toPolicyRecord(row) : null;
  }

  async appendPolicyVersion(record: Omit<PolicyVersionRecord, 'version' | 'createdAt'>): Promise<PolicyVersionRecord> {
    // Replicas starting together and API calls all take the next number: one at a time.
    await this.manager.query('LOCK TABLE policy_versions IN SHARE ROW EXCLUSIVE MODE');
    const [row]: Row[] = await this.manager.query(
      `INSERT INTO policy_versions (version, document, checksum, source, note, created_by, created_by_client)
       SELECT coalesce(max(version), 0) + 1, $1::jsonb, $2, $3, $4, $5, $6 FROM policy_versions
       RETURNING *`,
      [
        JSON.stringify(record.document),
        record.checksum,
        record.source,
        record.note,
        record.createdBy,
        record.createdByClient,
      ],
    );
    return toPolicyRecord(row);
  }

  async claimIdempotencyKey(
    operation: string,
    key: string,
    requestHash: string,
    resourceId: string,
  ): Promise<IdempotencyClaim> {
    // A concurrent first use of the key holds its row until it commits; this insert waits for it.
    const inserted: Row[] = await this.manager.query(
      `INSERT INTO idempotency_keys (operation, idempotency_key, request_hash, resource_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING resource_id`,
      [operation, key, requestHash, resourceId],
    );
    if (inserted.length > 0) return { claimed: true };
    const [row]: Row[] = await this.manager.query(
      'SELECT request_hash, resource_id FROM idempotency_keys WHERE operation = $1 AND idempotency_key = $2',
      [operation, key],
    );
    return { claimed: false, requestHash: String(row['request_hash']), resourceId: String(row['resource_id']) };
  }

  async insertReturn(request: ReturnRequest): Promise<void> {
    await this.manager.query(
      `INSERT INTO returns (return_id, order_id, customer_id, status, method, refund_method, pickup, currency,
                            policy_version, expected_refund_minor, created_at, updated_at, progressed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $12)`,
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
      ],
    );
    for (const line of request.lines) {
      await this.manager.query(
        `INSERT INTO return_lines (return_id, line_id, order_id, sku, category, quantity, unit_price_minor, reason_code,
                                   comment, photo_urls, restocking_fee_minor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)`,
        [
          request.returnId,
          line.lineId,
          request.orderId,
          line.sku,
          line.category,
          line.quantity,
          line.unitPriceMinor,
          line.reasonCode,
          line.comment,
          JSON.stringify(line.photoUrls),
          line.restockingFeeMinor,
        ],
      );
    }
  }

  findReturn(returnId: string): Promise<ReturnRequest | null> {
    return this.readReturn(returnId, '');
  }

  lockReturn(returnId: string): Promise<ReturnRequest | null> {
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

  async listStuck(
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
    const lines = await this.linesOf(rows.map((row) => String(row['return_id'])));
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

  async listReturns(filter: ReturnListFilter, limit: number, after?: ReturnListPosition): Promise<ReturnRequest[]> {
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
    const lines = await this.linesOf(rows.map((row) => String(row['return_id'])));
    return rows.map((row) => toReturn(row, lines.get(String(row['return_id'])) ?? []));
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
    return rows.map((row) => ({
      decisionId: String(row['decision_id']),
      returnId: String(row['return_id']),
      outcome: row['outcome'] as Decision['outcome'],
      policyVersion: Number(row['policy_version']),
      decidedBy: String(row['decided_by']),
      note: (row['note'] as string | null) ?? null,
      inputs: row['inputs'],
      assessment: row['assessment'] as Decision['assessment'],
      decidedAt: new Date(row['decided_at'] as string),
    }));
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
    return rows.map((row) => ({
      eventId: String(row['event_id']),
      returnId: String(row['return_id']),
      eventType: String(row['event_type']),
      source: String(row['source']),
      occurredAt: new Date(row['occurred_at'] as string),
      statusAfter: row['status_after'] as ReturnStatus,
      details: row['details'] as Record<string, unknown>,
      actor: (row['actor'] as Actor | null) ?? null,
    }));
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

  private async readOrder(orderId: string, lock: '' | 'FOR UPDATE'): Promise<Order | null> {
    const [row]: Row[] = await this.manager.query(`SELECT * FROM orders WHERE order_id = $1 ${lock}`, [orderId]);
    if (!row) return null;
    const lines: Row[] = await this.manager.query('SELECT * FROM order_lines WHERE order_id = $1 ORDER BY line_id', [
      orderId,
    ]);
    const allocations: Row[] = await this.manager.query(
      'SELECT * FROM order_payments WHERE order_id = $1 ORDER BY position, allocation_id',
      [orderId],
    );
    const byCharge = new Map<string, OrderPayment['allocations']>();
    for (const allocation of allocations) {
      const chargeId = String(allocation['charge_id']);
      byCharge.set(chargeId, [
        ...(byCharge.get(chargeId) ?? []),
        { lineId: String(allocation['line_id']), amountMinor: Number(allocation['amount_minor']) },
      ]);
    }
    const payments = [...byCharge].map(([chargeId, allocated]): OrderPayment => ({ chargeId, allocations: allocated }));
    return {
      orderId: String(row['order_id']),
      customerId: String(row['customer_id']),
      loyaltyTier: (row['loyalty_tier'] as string | null) ?? null,
      currency: String(row['currency']),
      shippingRegion: String(row['shipping_region']),
      placedAt: new Date(row['placed_at'] as string),
      deliveredAt: row['delivered_at'] ? new Date(row['delivered_at'] as string) : null,
      lines: lines.map((line): OrderLine => ({
        lineId: String(line['line_id']),
        sku: String(line['sku']),
        category: String(line['category']),
        quantity: Number(line['quantity']),
        unitPriceMinor: Number(line['unit_price_minor']),
        finalSale: Boolean(line['final_sale']),
      })),
      payments,
    };
  }

  private async readReturn(returnId: string, lock: '' | 'FOR UPDATE'): Promise<ReturnRequest | null> {
    const [row]: Row[] = await this.manager.query(`SELECT * FROM returns WHERE return_id = $1 ${lock}`, [returnId]);
    if (!row) return null;
    const lines = await this.linesOf([returnId]);
    return toReturn(row, lines.get(returnId) ?? []);
  }

  private async linesOf(returnIds: string[]): Promise<Map<string, ReturnLine[]>> {
    const byReturn = new Map<string, ReturnLine[]>();
    if (returnIds.length === 0) return byReturn;
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM return_lines WHERE return_id = ANY($1::uuid[]) ORDER BY return_id, line_id',
      [returnIds],
    );
    for (const row of rows) {
      const returnId = String(row['return_id']);
      byReturn.set(returnId, [
        ...(byReturn.get(returnId) ?? []),
        {
          lineId: String(row['line_id']),
          sku: String(row['sku']),
          category: String(row['category']),
          quantity: Number(row['quantity']),
          unitPriceMinor: Number(row['unit_price_minor']),
          reasonCode: String(row['reason_code']),
          comment: (row['comment'] as string | null) ?? null,
          photoUrls: row['photo_urls'] as string[],
          restockingFeeMinor: Number(row['restocking_fee_minor']),
        },
      ]);
    }
    return byReturn;
  }
}

function toReturn(row: Row, lines: ReturnLine[]): ReturnRequest {
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
    createdAt: new Date(row['created_at'] as string),
    updatedAt: new Date(row['updated_at'] as string),
    lines,
  };
}

/** The thresholds as two parallel arrays for `unnest`, one status only when the filter names one. */
function thresholdColumns(thresholds: StuckThresholds, only?: WaitingStatus): [WaitingStatus[], number[]] {
  const statuses = WAITING_STATUSES.filter((status) => only === undefined || status === only);
  return [statuses, statuses.map((status) => thresholds[status])];
}

function toPolicyRecord(row: Row): PolicyVersionRecord {
  return {
    version: Number(row['version']),
    document: parsePolicyDocument(row['document']) as ReturnPolicyDocument,
    checksum: String(row['checksum']),
    source: row['source'] as PolicyVersionRecord['source'],
    createdBy: String(row['created_by']),
    createdByClient: (row['created_by_client'] as string | null) ?? null,
    note: (row['note'] as string | null) ?? null,
    createdAt: new Date(row['created_at'] as string),
  };
}

function toRefund(row: Row): RefundFact {
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
