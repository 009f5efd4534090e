/**
 * Policy versions: the policy file is loaded at start-up and becomes a new version only when its
 * content changed since it was last loaded (so a version set through the API survives restarts);
 * the API can replace the policy at any time. Each change is a new version; the highest is current.
 */
import { createHash } from 'node:crypto';
import type { PolicyVersionRecord, ReturnsStore } from '../../ports';
import { ReturnPolicyDocument } from '../../policy/policy-document';
import type { Actor } from '@rebound/contracts';

export interface PolicyLoadResult {
  readonly record: PolicyVersionRecord;
  readonly created: boolean;
}

export async function loadPolicyFile(store: ReturnsStore, document: ReturnPolicyDocument): Promise<PolicyLoadResult> {
  const checksum = policyChecksum(document);
  const lastLoaded = await store.latestPolicyVersion('file');
  if (lastLoaded?.checksum === checksum) return { record: lastLoaded, created: false };
  const record = await store.appendPolicyVersion({
    document,
    checksum,
    source: 'file',
    createdBy: 'policy-file',
    createdByClient: null,
    note: 'loaded from the policy file at start-up',
  });
  return { record, created: true };
}

export async function replacePolicy(
  store: ReturnsStore,
  document: ReturnPolicyDocument,
  changedBy: Actor,
  note: string | null,
): Promise<PolicyVersionRecord> {
  return store.appendPolicyVersion({
    document,
    checksum: policyChecksum(document),
    source: 'api',
    createdBy: changedBy.subject,
    createdByClient: changedBy.clientId,
    note,
  });
}

/** Same rules, same checksum, whatever the key order of the JSON they were written in. */
export function policyChecksum(document: ReturnPolicyDocument): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
