/**
 * The order read model on Postgres (orders, their lines and payment allocations), bound to one
 * transaction's EntityManager.
 */
import { EntityManager } from 'typeorm';
import type { OrdersStore } from '../domain/ports';
import type { Order, OrderLine, OrderPayment } from '../domain/order';
import { ABANDONED, type Row } from './pg-sql';

export class PgOrdersStore implements OrdersStore {
  constructor(private readonly manager: EntityManager) {}

  find(orderId: string): Promise<Order | null> {
    return this.readOrder(orderId, '');
  }

  async lock(orderId: string): Promise<Order | null> {
    // The row lock holds only an order already stored; the advisory lock also holds one being created.
    await this.manager.query("SELECT pg_advisory_xact_lock(hashtextextended('returns-intake.order:' || $1, 0))", [
      orderId,
    ]);
    return this.readOrder(orderId, 'FOR UPDATE');
  }

  async save(order: Order): Promise<void> {
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

  private async readOrder(orderId: string, lock: '' | 'FOR UPDATE'): Promise<Order | null> {
    // Read with the row, the lines and payments could predate a change the lock waited for (an order
    // saved again commits lines and payments under the same lock): a locked order's parts are read after.
    const parts = `${ORDER_LINES_JSON} AS lines, ${ORDER_PAYMENTS_JSON} AS payments`;
    if (lock === '') {
      const [row]: Row[] = await this.manager.query(`SELECT o.*, ${parts} FROM orders o WHERE o.order_id = $1`, [
        orderId,
      ]);
      return row ? toOrder(row, row) : null;
    }
    const [row]: Row[] = await this.manager.query('SELECT * FROM orders WHERE order_id = $1 FOR UPDATE', [orderId]);
    if (!row) return null;
    const [locked]: Row[] = await this.manager.query(`SELECT ${parts} FROM orders o WHERE o.order_id = $1`, [orderId]);
    return toOrder(row, locked);
  }
}

const ORDER_LINES_JSON = `(SELECT coalesce(jsonb_agg(to_jsonb(ol) ORDER BY ol.line_id), '[]')
                             FROM order_lines ol WHERE ol.order_id = o.order_id)`;
const ORDER_PAYMENTS_JSON = `(SELECT coalesce(jsonb_agg(to_jsonb(op) ORDER BY op.position, op.allocation_id), '[]')
                                FROM order_payments op WHERE op.order_id = o.order_id)`;

/** An order from its row and its parts, the JSON arrays of its lines and payment allocations. */
function toOrder(row: Row, parts: Row): Order {
  const byCharge = new Map<string, OrderPayment['allocations']>();
  for (const allocation of parts['payments'] as Row[]) {
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
    lines: (parts['lines'] as Row[]).map((line): OrderLine => ({
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
