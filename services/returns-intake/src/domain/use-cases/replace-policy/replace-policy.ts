/**
 * Replaces the return policy through the API. Each change is a new version and the highest is
 * current; returns already decided keep the version that decided them.
 */
import type { UseCase } from '@rebound/kernel';
import type { IntakeTransaction, PolicyVersionRecord } from '../../ports';
import { policyChecksum } from '../../policy/policy-checksum';
import type { ReplacePolicyCommand } from './replace-policy.command';

export class ReplacePolicy implements UseCase<IntakeTransaction, ReplacePolicyCommand, PolicyVersionRecord> {
  execute(tx: IntakeTransaction, command: ReplacePolicyCommand): Promise<PolicyVersionRecord> {
    return tx.policies.append({
      document: command.document,
      checksum: policyChecksum(command.document),
      source: 'api',
      createdBy: command.changedBy.subject,
      createdByClient: command.changedBy.clientId,
      note: command.note,
    });
  }
}
