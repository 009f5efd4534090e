/**
 * The checksum a policy version is stored with: same rules, same checksum, whatever the key order of
 * the JSON they were written in — so a policy file that did not change is not loaded again.
 */
import { createHash } from 'node:crypto';
import type { ReturnPolicyDocument } from './policy-document';

export function policyChecksum(document: ReturnPolicyDocument): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

/** JSON with object keys sorted and undefined members left out: one text per value. */
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
