/** Opaque keyset-pagination cursors: the sort key of a page's last row, as base64url JSON. */
import { ProblemException } from './problem-details';

export type CursorValue = Record<string, string | number>;

export function encodeCursor(value: CursorValue): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * The sort key in `cursor`, which must hold exactly `keys` with string or number values; anything
 * else is a 400 `invalid-cursor`. Callers still check what the values mean (a uuid, a timestamp).
 */
export function decodeCursor<K extends string>(cursor: string, keys: readonly K[]): Record<K, string | number> {
  const value = parse(cursor);
  if (!hasExactly(value, keys)) throw invalidCursor();
  return value;
}

/** The 400 for a cursor this list did not issue; also for one whose values mean nothing to the caller. */
export function invalidCursor(): ProblemException {
  return new ProblemException({
    status: 400,
    slug: 'invalid-cursor',
    title: 'Cursor is invalid',
    detail: 'The cursor was not issued by this list; start again from the first page.',
  });
}

function parse(cursor: string): unknown {
  // Buffer.from() skips characters outside the alphabet, which would let a damaged cursor through.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function hasExactly<K extends string>(value: unknown, keys: readonly K[]): value is Record<K, string | number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length === keys.length &&
    entries.every(
      ([key, item]) =>
        keys.includes(key as K) && (typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item))),
    )
  );
}
