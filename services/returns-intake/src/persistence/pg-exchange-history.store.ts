/**
 * The exchange history on Postgres: one row per exchanged line of a completed return, what the
 * customer returned and what they kept instead. Bound to an EntityManager: a transaction's, to record
 * at completion and to rank offers inside one (opening a return), or the DataSource's for the preview.
 */
import { EntityManager } from 'typeorm';
import type { KeptVariant, PeerExchanges } from '../domain/offers/offer';
import type { ExchangeHistoryStore, KeptExchange } from '../domain/ports';
import type { Row } from './pg-sql';

export class PgExchangeHistoryStore implements ExchangeHistoryStore {
  constructor(private readonly manager: EntityManager) {}

  async keptByCustomer(customerId: string, category: string): Promise<KeptVariant[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT replacement_sku, product_id, category, option_values FROM exchange_history
        WHERE customer_id = $1 AND category = $2 ORDER BY completed_at DESC, return_id, line_id`,
      [customerId, category],
    );
    return rows.map((row) => ({
      sku: String(row['replacement_sku']),
      productId: String(row['product_id']),
      category: String(row['category']),
      optionValues: row['option_values'] as Record<string, string>,
    }));
  }

  async peersKept(sku: string, reasonCode: string): Promise<PeerExchanges> {
    const rows: Row[] = await this.manager.query(
      `SELECT replacement_sku, count(*)::int AS count FROM exchange_history
        WHERE returned_sku = $1 AND reason_code = $2 GROUP BY replacement_sku ORDER BY replacement_sku`,
      [sku, reasonCode],
    );
    const kept = rows.map((row) => ({ replacementSku: String(row['replacement_sku']), count: Number(row['count']) }));
    return { total: kept.reduce((sum, { count }) => sum + count, 0), kept };
  }

  async record(exchanges: readonly KeptExchange[]): Promise<void> {
    if (exchanges.length === 0) return;
    await this.manager.query(
      `INSERT INTO exchange_history (return_id, line_id, customer_id, returned_sku, reason_code, category,
                                     replacement_sku, product_id, option_values, completed_at)
       SELECT e.return_id, e.line_id, e.customer_id, e.returned_sku, e.reason_code, e.category, e.replacement_sku,
              e.product_id, e.option_values, e.completed_at
         FROM jsonb_to_recordset($1::jsonb) AS e(return_id uuid, line_id text, customer_id text, returned_sku text,
                                                 reason_code text, category text, replacement_sku text,
                                                 product_id text, option_values jsonb, completed_at timestamptz)
       ON CONFLICT (return_id, line_id) DO NOTHING`,
      [
        JSON.stringify(
          exchanges.map((exchange) => ({
            return_id: exchange.returnId,
            line_id: exchange.lineId,
            customer_id: exchange.customerId,
            returned_sku: exchange.returnedSku,
            reason_code: exchange.reasonCode,
            category: exchange.kept.category,
            replacement_sku: exchange.kept.sku,
            product_id: exchange.kept.productId,
            option_values: exchange.kept.optionValues,
            completed_at: exchange.completedAt,
          })),
        ),
      ],
    );
  }
}
