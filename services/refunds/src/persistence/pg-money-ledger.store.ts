/**
 * The MoneyLedgerStore port on Postgres, in one transaction: captured charges, the order-line ledger,
 * and the order's advisory lock that makes changes to its money one at a time.
 */
import type { EntityManager } from 'typeorm';
import { chargeLineKey } from '../domain/charge-allocation';
import type { Capture, LedgerEntry } from '../domain/money-ledger';
import type { MoneyLedgerStore } from '../domain/ports';
import type { Row } from './refunds-rows';

export class PgMoneyLedgerStore implements MoneyLedgerStore {
  constructor(private readonly manager: EntityManager) {}

  async lockOrderMoney(orderId: string): Promise<void> {
    await this.manager.query("SELECT pg_advisory_xact_lock(hashtextextended('refunds.order:' || $1, 0))", [orderId]);
  }

  async recordCaptures(orderId: string, captures: readonly Capture[]): Promise<void> {
    if (captures.length === 0) return;
    await this.manager.query(
      `INSERT INTO captured_charges (order_id, charge_id, line_id, captured_minor)
       SELECT $1, c.charge_id, c.line_id, c.captured_minor
         FROM unnest($2::text[], $3::text[], $4::bigint[]) AS c (charge_id, line_id, captured_minor)
       ON CONFLICT (order_id, charge_id, line_id) DO NOTHING`,
      [
        orderId,
        captures.map((capture) => capture.chargeId),
        captures.map((capture) => capture.lineId),
        captures.map((capture) => capture.amountMinor),
      ],
    );
  }

  async refundableCharges(orderId: string): Promise<Capture[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT charge_id, line_id, captured_minor AS amount, 0 AS source, charge_id AS position FROM captured_charges
        WHERE order_id = $1
       UNION ALL
       SELECT p.provider_reference, share->>'lineId', (share->>'amountMinor')::bigint, 1, r.created_at::text || p.n
         FROM refund_payments p JOIN refunds r ON r.refund_id = p.refund_id
              CROSS JOIN LATERAL jsonb_array_elements(p.lines) AS share
        WHERE r.order_id = $1 AND r.phase = 'clawback' AND p.state = 'succeeded'
       ORDER BY source, position`,
      [orderId],
    );
    return rows.map((row) => ({
      chargeId: String(row['charge_id']),
      lineId: String(row['line_id']),
      amountMinor: Number(row['amount']),
    }));
  }

  async capturedPerLine(orderId: string): Promise<Map<string, number>> {
    const rows: Row[] = await this.manager.query(
      'SELECT line_id, sum(captured_minor)::bigint AS captured FROM captured_charges WHERE order_id = $1 GROUP BY line_id',
      [orderId],
    );
    return new Map(rows.map((row) => [String(row['line_id']), Number(row['captured'])]));
  }

  async ledgerPerLine(orderId: string, exceptReturnId?: string): Promise<Map<string, number>> {
    const rows: Row[] = await this.manager.query(
      `SELECT line_id, sum(amount_minor)::bigint AS refunded FROM ledger_entries
        WHERE order_id = $1 AND ($2::uuid IS NULL OR return_id <> $2) GROUP BY line_id`,
      [orderId, exceptReturnId ?? null],
    );
    return new Map(rows.map((row) => [String(row['line_id']), Number(row['refunded'])]));
  }

  async ledgerOfRefund(refundId: string): Promise<Map<string, number>> {
    const rows: Row[] = await this.manager.query(
      `SELECT line_id, sum(amount_minor)::bigint AS amount FROM ledger_entries WHERE refund_id = $1
        GROUP BY line_id HAVING sum(amount_minor) <> 0 ORDER BY min(entry_id)`,
      [refundId],
    );
    return new Map(rows.map((row) => [String(row['line_id']), Number(row['amount'])]));
  }

  async appendLedger(entries: readonly LedgerEntry[]): Promise<void> {
    await this.manager.query(
      `INSERT INTO ledger_entries (order_id, line_id, return_id, refund_id, kind, amount_minor, recorded_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::bigint[], $7::timestamptz[])`,
      [
        entries.map((entry) => entry.orderId),
        entries.map((entry) => entry.lineId),
        entries.map((entry) => entry.returnId),
        entries.map((entry) => entry.refundId),
        entries.map((entry) => entry.kind),
        entries.map((entry) => entry.amountMinor),
        entries.map((entry) => entry.at),
      ],
    );
  }

  async takenFromCharges(orderId: string): Promise<Map<string, number>> {
    // Paid, or still to pay: a declined or superseded part took nothing; claw-backs and collections charge, not refund.
    const rows: Row[] = await this.manager.query(
      `SELECT p.charge_id, share->>'lineId' AS line_id, sum((share->>'amountMinor')::bigint)::bigint AS taken
         FROM refund_payments p JOIN refunds r ON r.refund_id = p.refund_id
              CROSS JOIN LATERAL jsonb_array_elements(p.lines) AS share
        WHERE r.order_id = $1 AND r.phase NOT IN ('clawback', 'collection') AND p.state IN ('pending', 'succeeded')
        GROUP BY p.charge_id, share->>'lineId'`,
      [orderId],
    );
    return new Map(
      rows.map((row) => [chargeLineKey(String(row['charge_id']), String(row['line_id'])), Number(row['taken'])]),
    );
  }
}
