/** The ReturnsStore port on Postgres: whose each return is, from its approval or rejection. */
import type { EntityManager } from 'typeorm';
import type { KnownReturn } from '../domain/public-events';
import type { ReturnsStore } from '../domain/ports';

export class PgReturnsStore implements ReturnsStore {
  constructor(private readonly manager: EntityManager) {}

  async remember(known: KnownReturn): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO known_returns (return_id, order_id, customer_id, loyalty_tier) VALUES ($1, $2, $3, $4)
       ON CONFLICT (return_id) DO NOTHING RETURNING return_id`,
      [known.returnId, known.orderId, known.customerId, known.loyaltyTier ?? null],
    );
    return rows.length > 0;
  }

  async find(returnId: string): Promise<KnownReturn | undefined> {
    const rows: Record<string, string | null>[] = await this.manager.query(
      'SELECT order_id, customer_id, loyalty_tier FROM known_returns WHERE return_id = $1',
      [returnId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      returnId,
      orderId: String(row['order_id']),
      customerId: String(row['customer_id']),
      ...(row['loyalty_tier'] !== null && { loyaltyTier: String(row['loyalty_tier']) }),
    };
  }
}
