/**
 * The charges that paid each order (`order_payments`: what of each charge paid for which line, in the
 * order the commerce platform listed them), and refund facts named as refunds names them: `issued`
 * becomes `succeeded`, the states ops' actions add (`pending` again after a retry, `superseded` by
 * store credit) are allowed, and every refund has its phase — a fact first seen through a
 * reconciliation (RefundAdjusted) was the instant refund, any other the final one.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddOrderPaymentsAndRefundStates1796194100000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE order_payments (
        allocation_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id text NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
        charge_id text NOT NULL,
        position integer NOT NULL,
        line_id text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        CONSTRAINT order_payments_charge_line_unique UNIQUE (order_id, charge_id, line_id)
      )`);
    await runner.query('ALTER TABLE return_refunds DROP CONSTRAINT return_refunds_state_check');
    await runner.query("UPDATE return_refunds SET state = 'succeeded' WHERE state = 'issued'");
    await runner.query(`
      ALTER TABLE return_refunds ADD CONSTRAINT return_refunds_state_check
        CHECK (state IN ('pending', 'processing', 'succeeded', 'failed', 'needs_attention', 'superseded'))`);
    await runner.query(`
      UPDATE return_refunds rr
         SET phase = CASE WHEN EXISTS (SELECT 1 FROM return_timeline t
                                        WHERE t.event_type = 'RefundAdjusted' AND t.details->>'refundId' = rr.refund_id::text)
                          THEN 'instant' ELSE 'final' END
       WHERE phase IS NULL`);
    await runner.query('ALTER TABLE return_refunds ALTER COLUMN phase SET NOT NULL');
    await runner.query(
      "ALTER TABLE return_refunds ADD CONSTRAINT return_refunds_phase_check CHECK (phase IN ('instant', 'final'))",
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE return_refunds DROP CONSTRAINT return_refunds_phase_check');
    await runner.query('ALTER TABLE return_refunds ALTER COLUMN phase DROP NOT NULL');
    await runner.query('ALTER TABLE return_refunds DROP CONSTRAINT return_refunds_state_check');
    await runner.query("UPDATE return_refunds SET state = 'issued' WHERE state = 'succeeded'");
    await runner.query("UPDATE return_refunds SET state = 'failed' WHERE state <> 'issued'");
    await runner.query(
      "ALTER TABLE return_refunds ADD CONSTRAINT return_refunds_state_check CHECK (state IN ('issued', 'failed'))",
    );
    await runner.query('DROP TABLE order_payments');
  }
}
