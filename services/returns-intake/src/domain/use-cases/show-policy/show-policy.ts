/**
 * Shows a policy version: the current one, or the one stored decisions name. Before the policy file
 * was first loaded there is none, which is a state the service recovers from (503), not a mistake.
 */
import { DomainError, type UseCase } from '@rebound/kernel';
import type { IntakeTransaction, PolicyVersionRecord } from '../../ports';

export interface ShowPolicyQuery {
  /** Leave out for the current version. */
  readonly version?: number;
}

export class ShowPolicy implements UseCase<IntakeTransaction, ShowPolicyQuery, PolicyVersionRecord> {
  async execute(tx: IntakeTransaction, query: ShowPolicyQuery): Promise<PolicyVersionRecord> {
    if (query.version === undefined) {
      const current = await tx.policies.latest();
      if (!current) throw new DomainError('unavailable', 'no-policy', 'no return policy has been loaded yet');
      return current;
    }
    const record = await tx.policies.version(query.version);
    if (!record) {
      throw new DomainError('not-found', 'policy-version-not-found', `policy version ${query.version} does not exist`);
    }
    return record;
  }
}
