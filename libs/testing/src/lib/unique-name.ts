import { randomBytes } from 'node:crypto';

/** A name no other test run uses, for schemas, topics and consumer groups. */
export function uniqueName(prefix: string, separator = '_'): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}|\\${separator}$`, 'g'), '');
  return `${clean}${separator}${randomBytes(4).toString('hex')}`;
}
