/**
 * Who made each change, from the caller's token: the timeline entries of agent and customer actions
 * carry the actor (subject and client), and a policy version the client that replaced the policy
 * (its subject stays in created_by). Entries and versions from before have none.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddActors1796400000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE return_timeline ADD COLUMN actor jsonb');
    await runner.query('ALTER TABLE policy_versions ADD COLUMN created_by_client text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE policy_versions DROP COLUMN created_by_client');
    await runner.query('ALTER TABLE return_timeline DROP COLUMN actor');
  }
}
