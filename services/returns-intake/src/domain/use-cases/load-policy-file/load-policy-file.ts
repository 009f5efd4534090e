/**
 * Loads the policy file at start-up: it becomes a new version only when its content changed since it
 * was last loaded, so a version set through the API survives restarts (the file is compared with the
 * last version loaded from the file, not with the current one). Replicas starting together load it
 * one after the other, so the file becomes one version, not one per replica.
 */
import type { UseCase } from '@rebound/kernel';
import type { IntakeTransaction, PolicyVersionRecord } from '../../ports';
import type { ReturnPolicyDocument } from '../../policy/policy-document';
import { policyChecksum } from '../../policy/policy-checksum';

export interface PolicyLoadResult {
  readonly record: PolicyVersionRecord;
  readonly created: boolean;
}

export class LoadPolicyFile implements UseCase<IntakeTransaction, ReturnPolicyDocument, PolicyLoadResult> {
  async execute(tx: IntakeTransaction, document: ReturnPolicyDocument): Promise<PolicyLoadResult> {
    const checksum = policyChecksum(document);
    await tx.policies.lockVersions();
    const lastLoaded = await tx.policies.latest('file');
    if (lastLoaded?.checksum === checksum) return { record: lastLoaded, created: false };
    const record = await tx.policies.append({
      document,
      checksum,
      source: 'file',
      createdBy: 'policy-file',
      createdByClient: null,
      note: 'loaded from the policy file at start-up',
    });
    return { record, created: true };
  }
}
