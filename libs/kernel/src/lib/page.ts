/**
 * Keyset pagination, the same on every list: fetch one row more than asked, answer `limit` of them,
 * and when there was more, a cursor holding the sort key of the last row answered. Cursors are
 * opaque to callers (base64url JSON); one this list did not issue is an `invalid-cursor` error.
 */
import { DomainError } from './domain-error';

export interface Page<T> {
  items: T[];
  /** Where the next page starts, or null on the last page. */
  nextCursor: string | null;
}

export type CursorValue = Record<string, string | number>;

/**
 * One page: `fetch(limit + 1)` rows in the list's order, cut to `limit`, with the cursor of the last
 * one kept (`keyOf`) when more remained.
 */
export async function fetchPage<Row, Item = Row>(
  limit: number,
  fetch: (rows: number) => Promise<readonly Row[]>,
  keyOf: (row: Row) => CursorValue,
  present: (row: Row) => Item = (row) => row as unknown as Item,
): Promise<Page<Item>> {
  const rows = await fetch(limit + 1);
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items: items.map(present), nextCursor: more ? encodeCursor(keyOf(items[items.length - 1])) : null };
}

export function encodeCursor(value: CursorValue): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * The sort key in `cursor`, which must hold exactly `keys` with string or number values; anything
 * else is `invalid-cursor`. Callers still check what the values mean (a uuid, a timestamp) and answer
 * `invalidCursor()` when they mean nothing.
 */
export function decodeCursor<K extends string>(cursor: string, keys: readonly K[]): Record<K, string | number> {
  const value = parse(cursor);
  if (!hasExactly(value, keys)) throw invalidCursor();
  return value;
}

export function invalidCursor(): DomainError {
  return new DomainError(
    'invalid',
    'invalid-cursor',
    'The cursor was not issued by this list; start again from the first page.',
    { title: 'Cursor is invalid' },
  );
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
