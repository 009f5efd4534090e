/**
 * A database from before refunds paid against the order's charges: refunds to the original payment
 * method still waiting to be paid knew no charge, so the upgrade leaves them needing attention (ops
 * fall them back to store credit), and everything already settled reads as it did.
 */
import { randomUUID } from 'node:crypto';
import { createSchemaDataSource } from '@rebound/persistence';
import { TestSchema } from '@rebound/testing';
import { CreateRefunds1795752186025 } from '../src/persistence/migrations/1795752186025-CreateRefunds';
import { PayAgainstChargesAndRefundActions1796193776756 } from '../src/persistence/migrations/1796193776756-PayAgainstChargesAndRefundActions';

jest.setTimeout(60_000);

describe('upgrading refunds to pay against charges', () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await TestSchema.create('refunds_upgrade');
  });

  afterAll(async () => {
    await schema?.drop();
  });

  async function migrate(migrations: (typeof CreateRefunds1795752186025)[]): Promise<void> {
    const dataSource = createSchemaDataSource({ url: schema.url, schema: schema.name, migrations });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
    } finally {
      await dataSource.destroy();
    }
  }

  it('leaves unpaid original-payment refunds needing attention, and keeps the rest as they were', async () => {
    await migrate([CreateRefunds1795752186025]);
    const refund = async (method: string, state: string, amountMinor = 1000) => {
      const refundId = randomUUID();
      await schema.query(
        `INSERT INTO refunds (refund_id, return_id, order_id, customer_id, phase, method, currency, amount_minor,
                              bonus_minor, state, attempts, next_attempt_at, outcome_unknown, created_at, updated_at)
         VALUES ($1, $2, 'order-1', 'customer-1', 'final', $3, 'EUR', $4, 0, $5, 0, now(), false, now(), now())`,
        [refundId, randomUUID(), method, amountMinor, state],
      );
      return refundId;
    };
    const waiting = await refund('original_payment', 'pending');
    const zero = await refund('original_payment', 'pending', 0);
    const paid = await refund('original_payment', 'succeeded');
    const credit = await refund('store_credit', 'succeeded');

    await migrate([CreateRefunds1795752186025, PayAgainstChargesAndRefundActions1796193776756]);

    const rows = await schema.query<{ refund_id: string; state: string; last_error: string | null }>(
      'SELECT refund_id, state, last_error FROM refunds',
    );
    const byId = Object.fromEntries(rows.map((row) => [row.refund_id, [row.state, row.last_error]]));
    expect(byId).toEqual({
      [waiting]: ['needs_attention', "paid before refunds knew the order's charges; fall back to store credit"],
      [zero]: ['pending', null],
      [paid]: ['succeeded', null],
      [credit]: ['succeeded', null],
    });
  });
});
