/** The StoreCreditStore port on Postgres, in one transaction, and the store-credit reads the API serves. */
import type { EntityManager } from 'typeorm';
import type { StoreCreditReads, StoreCreditRedemption, StoreCreditStore } from '../domain/ports';
import type { StoreCreditBalance, StoreCreditChange, StoreCreditEntry } from '../domain/store-credit';
import { type Row, toStoreCreditEntry } from './refunds-rows';

export class PgStoreCreditStore implements StoreCreditStore, StoreCreditReads {
  constructor(private readonly manager: EntityManager) {}

  async lockStoreCredit(customerId: string, currency: string, at: Date): Promise<number> {
    await this.manager.query(
      `INSERT INTO store_credit_accounts (customer_id, currency, balance_minor, updated_at) VALUES ($1, $2, 0, $3)
       ON CONFLICT (customer_id, currency) DO NOTHING`,
      [customerId, currency, at],
    );
    const [row]: Row[] = await this.manager.query(
      'SELECT balance_minor FROM store_credit_accounts WHERE customer_id = $1 AND currency = $2 FOR UPDATE',
      [customerId, currency],
    );
    return Number(row['balance_minor']);
  }

  async appendStoreCredit(change: StoreCreditChange, balanceAfterMinor: number): Promise<StoreCreditEntry> {
    const [row]: Row[] = await this.manager.query(
      `INSERT INTO store_credit_ledger (customer_id, currency, kind, amount_minor, balance_after_minor, refund_id,
                                        redemption_id, order_id, actor_subject, actor_client_id, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [
        change.customerId,
        change.currency,
        change.kind,
        change.amountMinor,
        balanceAfterMinor,
        change.refundId,
        change.redemptionId,
        change.orderId,
        change.actor?.subject ?? null,
        // A token that names no client leaves the client unknown, as for ops' actions.
        change.actor?.clientId || null,
        change.at,
      ],
    );
    await this.manager.query(
      `UPDATE store_credit_accounts SET balance_minor = $3, updated_at = $4 WHERE customer_id = $1 AND currency = $2`,
      [change.customerId, change.currency, balanceAfterMinor, change.at],
    );
    return toStoreCreditEntry(row);
  }

  async claimRedemption(redemption: StoreCreditRedemption): Promise<StoreCreditRedemption | undefined> {
    const inserted: Row[] = await this.manager.query(
      `INSERT INTO store_credit_redemptions (redemption_id, customer_id, currency, amount_minor, order_id,
                                             idempotency_key, client_id, request_hash, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (client_id, idempotency_key) DO NOTHING RETURNING redemption_id`,
      [
        redemption.redemptionId,
        redemption.customerId,
        redemption.currency,
        redemption.amountMinor,
        redemption.orderId,
        redemption.idempotencyKey,
        redemption.clientId,
        redemption.requestHash,
        redemption.at,
      ],
    );
    if (inserted.length === 1) return undefined;
    // The key's first request committed before this statement began (the insert waited for it), so it is seen here.
    const [row]: Row[] = await this.manager.query(
      'SELECT * FROM store_credit_redemptions WHERE client_id = $1 AND idempotency_key = $2',
      [redemption.clientId, redemption.idempotencyKey],
    );
    return {
      redemptionId: String(row['redemption_id']),
      customerId: String(row['customer_id']),
      currency: String(row['currency']),
      amountMinor: Number(row['amount_minor']),
      orderId: (row['order_id'] as string | null) ?? null,
      idempotencyKey: String(row['idempotency_key']),
      clientId: String(row['client_id']),
      requestHash: String(row['request_hash']),
      at: row['recorded_at'] as Date,
    };
  }

  async redemptionEntry(redemptionId: string): Promise<StoreCreditEntry | undefined> {
    const [row]: Row[] = await this.manager.query('SELECT * FROM store_credit_ledger WHERE redemption_id = $1', [
      redemptionId,
    ]);
    return row && toStoreCreditEntry(row);
  }

  /** A customer's store-credit balance in each currency they ever held credit in, by currency. */
  async storeCreditBalances(customerId: string): Promise<StoreCreditBalance[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM store_credit_accounts WHERE customer_id = $1 ORDER BY currency',
      [customerId],
    );
    return rows.map((row) => ({
      customerId: String(row['customer_id']),
      currency: String(row['currency']),
      balanceMinor: Number(row['balance_minor']),
      updatedAt: row['updated_at'] as Date,
    }));
  }

  /** A customer's store-credit ledger, newest first, in one currency or all, before the entry `before`. */
  async storeCreditEntries(
    customerId: string,
    currency: string | undefined,
    limit: number,
    before?: string,
  ): Promise<StoreCreditEntry[]> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM store_credit_ledger
        WHERE customer_id = $1 AND ($2::text IS NULL OR currency = $2) AND ($4::bigint IS NULL OR entry_id < $4)
        ORDER BY entry_id DESC LIMIT $3`,
      [customerId, currency ?? null, limit, before ?? null],
    );
    return rows.map(toStoreCreditEntry);
  }
}
