/**
 * The policy gained a required `logistics` section (pickup attempts, label validity) that every
 * ReturnApproved carries. Versions stored before it, and the decisions taken under them, get the
 * terms the default policy introduced it with, so they stay readable and a return still held for
 * review under such a version can be approved.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPolicyLogistics1795739468425 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      UPDATE policy_versions
         SET document = document || '{"logistics": {"maxPickupAttempts": 3, "labelValidityDays": 14}}'::jsonb
       WHERE NOT document ? 'logistics'`);
    await runner.query(`
      UPDATE return_decisions AS decision
         SET assessment = decision.assessment || jsonb_build_object('logistics', version.document -> 'logistics')
        FROM policy_versions AS version
       WHERE version.version = decision.policy_version AND NOT decision.assessment ? 'logistics'`);
  }

  // The code before this migration refuses a policy document with a section it does not know.
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE policy_versions SET document = document - 'logistics'`);
    await runner.query(`UPDATE return_decisions SET assessment = assessment - 'logistics'`);
  }
}
