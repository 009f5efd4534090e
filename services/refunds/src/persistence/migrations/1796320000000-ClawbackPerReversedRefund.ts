import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claw-back is made once per refund it takes money back from, not once per return: a return whose
 * instant refund ops fell back to store credit after it paid in part has two records to take back
 * from (the card part, the store credit). Instant and final refunds stay one per return and phase.
 */
export class ClawbackPerReversedRefund1796320000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX refunds_return_phase_unique');
    await runner.query(
      "CREATE UNIQUE INDEX refunds_return_phase_unique ON refunds (return_id, phase) WHERE state <> 'superseded' AND phase <> 'clawback'",
    );
    await runner.query("CREATE UNIQUE INDEX refunds_clawback_unique ON refunds (reverses) WHERE phase = 'clawback'");
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX refunds_clawback_unique');
    await runner.query('DROP INDEX refunds_return_phase_unique');
    await runner.query(
      "CREATE UNIQUE INDEX refunds_return_phase_unique ON refunds (return_id, phase) WHERE state <> 'superseded'",
    );
  }
}
