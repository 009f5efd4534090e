import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every read the API serves walks an index instead of the table: an order's refunds page by page in
 * their order (this index replaces refunds_order_idx, its prefix), a return's refunds, refunds in a
 * state oldest change first, and what reconciliation asks of an order — whether refunds approved any
 * of its returns, and what store credit each of its refunds took. A redemption's replay finds its
 * ledger entry by redemption id.
 */
export class IndexListsAndChecks1796500000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX refunds_order_page_idx ON refunds (order_id, created_at, phase DESC, refund_id)');
    await runner.query('DROP INDEX refunds_order_idx');
    await runner.query('CREATE INDEX refunds_return_idx ON refunds (return_id, created_at)');
    await runner.query('CREATE INDEX refunds_state_idx ON refunds (state, updated_at, refund_id)');
    await runner.query('CREATE INDEX approvals_order_idx ON approvals (order_id)');
    await runner.query(
      'CREATE INDEX store_credit_ledger_refund_idx ON store_credit_ledger (refund_id) WHERE refund_id IS NOT NULL',
    );
    await runner.query(
      'CREATE INDEX store_credit_ledger_redemption_idx ON store_credit_ledger (redemption_id) WHERE redemption_id IS NOT NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX store_credit_ledger_redemption_idx');
    await runner.query('DROP INDEX store_credit_ledger_refund_idx');
    await runner.query('DROP INDEX approvals_order_idx');
    await runner.query('DROP INDEX refunds_state_idx');
    await runner.query('DROP INDEX refunds_return_idx');
    await runner.query('CREATE INDEX refunds_order_idx ON refunds (order_id, created_at)');
    await runner.query('DROP INDEX refunds_order_page_idx');
  }
}
