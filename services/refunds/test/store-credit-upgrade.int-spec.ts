/**
 * A database from before store credit had a balance: its entries move into the ledger in the order
 * they were recorded, a claw-back taking at most what the balance held, and each account holds what
 * its ledger adds up to. Going back restores the old entries.
 */
import { randomUUID } from 'node:crypto';
import { TestSchema } from '@rebound/testing';
import { refundsMigrations } from '../src/persistence/migrations';
import { StoreCreditAccounts1796300000000 } from '../src/persistence/migrations/1796300000000-StoreCreditAccounts';
import { migrateSchema } from './support/migrate-schema';

const UPGRADE = refundsMigrations.indexOf(StoreCreditAccounts1796300000000);

jest.setTimeout(60_000);

describe('upgrading store credit to accounts and a ledger', () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await TestSchema.create('refunds_credit_upgrade');
  });

  afterAll(async () => {
    await schema?.drop();
  });

  const migrate = (count: number, undo = false) => migrateSchema(schema, count, undo);

  it('moves the old entries into the ledger, clamping a claw-back at zero, and gives them back on the way down', async () => {
    await migrate(UPGRADE);
    const refund = async (customerId: string) => {
      const refundId = randomUUID();
      await schema.query(
        `INSERT INTO refunds (refund_id, return_id, order_id, customer_id, phase, method, currency, amount_minor,
                              bonus_minor, state, attempts, outcome_unknown, created_at, updated_at)
         VALUES ($1, $2, 'order-1', $3, 'instant', 'store_credit', 'EUR', 1000, 100, 'succeeded', 0, false, now(), now())`,
        [refundId, randomUUID(), customerId],
      );
      return refundId;
    };
    const entry = (customerId: string, refundId: string, amountMinor: number) =>
      schema.query(
        `INSERT INTO store_credit_entries (customer_id, refund_id, currency, amount_minor, recorded_at)
         VALUES ($1, $2, 'EUR', $3, now())`,
        [customerId, refundId, amountMinor],
      );
    const anna = await refund('customer-anna');
    await entry('customer-anna', anna, 1100);
    await entry('customer-anna', anna, -300);
    const ben = await refund('customer-ben');
    await entry('customer-ben', ben, 500);
    // More was clawed back than Ben held: the balance stops at zero, and later credit counts in full.
    await entry('customer-ben', ben, -800);
    await entry('customer-ben', ben, -100);
    await entry('customer-ben', ben, 250);

    await migrate(UPGRADE + 1);

    const ledger = await schema.query<{ customer_id: string; kind: string; amount: string; after: string }>(
      `SELECT customer_id, kind, amount_minor::text AS amount, balance_after_minor::text AS after
         FROM store_credit_ledger ORDER BY entry_id`,
    );
    expect(ledger.map((row) => [row.customer_id, row.kind, Number(row.amount), Number(row.after)])).toEqual([
      ['customer-anna', 'issued', 1100, 1100],
      ['customer-anna', 'reversed', -300, 800],
      ['customer-ben', 'issued', 500, 500],
      ['customer-ben', 'reversed', -500, 0],
      ['customer-ben', 'issued', 250, 250],
    ]);
    const accounts = await schema.query<{ customer_id: string; balance: string }>(
      'SELECT customer_id, balance_minor::text AS balance FROM store_credit_accounts ORDER BY customer_id',
    );
    expect(accounts.map((row) => [row.customer_id, Number(row.balance)])).toEqual([
      ['customer-anna', 800],
      ['customer-ben', 250],
    ]);

    await migrate(UPGRADE + 1, true);

    const restored = await schema.query<{ customer_id: string; balance: string }>(
      `SELECT customer_id, sum(amount_minor)::text AS balance FROM store_credit_entries
        GROUP BY customer_id ORDER BY customer_id`,
    );
    expect(restored.map((row) => [row.customer_id, Number(row.balance)])).toEqual([
      ['customer-anna', 800],
      ['customer-ben', 250],
    ]);
  });
});
