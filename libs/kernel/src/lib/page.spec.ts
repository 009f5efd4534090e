// Pages and the cursors between them, which a client cannot read or forge into another shape.
import { DomainError } from './domain-error';
import { decodeCursor, encodeCursor, fetchPage } from './page';

function slugOfRejection(cursor: string): string | undefined {
  try {
    decodeCursor(cursor, ['createdAt', 'id']);
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind} ${error.code}`;
    throw error;
  }
  return undefined;
}

const encodeRaw = (text: string) => Buffer.from(text).toString('base64url');

describe('cursors', () => {
  it('gives back exactly the sort key it encoded, as a URL-safe string', () => {
    const key = { createdAt: '2025-11-26T10:00:00.000Z', id: 'e3b0c442-98fc-4c1c-a4e3-1f2a3b4c5d6e' };
    const cursor = encodeCursor(key);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, ['createdAt', 'id'])).toEqual(key);
    expect(decodeCursor(encodeCursor({ rank: 3 }), ['rank'])).toEqual({ rank: 3 });
  });

  it.each([
    ['characters outside base64url', `${encodeCursor({ createdAt: 'a', id: 'b' })}!`],
    ['bytes that are not JSON', encodeRaw('not json')],
    ['JSON that is not an object', encodeRaw('["a","b"]')],
    ['a missing key', encodeCursor({ createdAt: 'a' })],
    ['an extra key', encodeCursor({ createdAt: 'a', id: 'b', admin: 1 })],
    ['a key of another list', encodeCursor({ createdAt: 'a', sku: 'b' })],
    ['a value that is neither string nor number', encodeRaw('{"createdAt":"a","id":{"$ne":null}}')],
    ['an empty string', ''],
  ])('refuses a cursor with %s as invalid-cursor', (_case, cursor) => {
    expect(slugOfRejection(cursor)).toBe('invalid invalid-cursor');
  });
});

describe('fetchPage', () => {
  const rows = [1, 2, 3, 4, 5].map((n) => ({ id: `row-${n}`, rank: n }));
  const list = (after: number) => async (limit: number) => rows.filter((row) => row.rank > after).slice(0, limit);

  it('asks for one row more than the page and answers a cursor that continues after the last item', async () => {
    const first = await fetchPage(2, list(0), (row) => ({ rank: row.rank }));
    expect(first.items.map((row) => row.id)).toEqual(['row-1', 'row-2']);

    const after = Number(decodeCursor(first.nextCursor!, ['rank']).rank);
    const second = await fetchPage(
      2,
      list(after),
      (row) => ({ rank: row.rank }),
      (row) => row.id,
    );
    expect(second.items).toEqual(['row-3', 'row-4']);
  });

  it('answers no cursor on the last page, even when it is exactly full', async () => {
    const last = await fetchPage(1, list(4), (row) => ({ rank: row.rank }));
    expect(last).toEqual({ items: [rows[4]], nextCursor: null });
  });
});
