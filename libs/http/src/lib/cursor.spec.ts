// Cursors a client cannot read or forge into another shape.
import { decodeCursor, encodeCursor } from './cursor';
import { ProblemException } from './problem-details';

function slugOfRejection(cursor: string): string | undefined {
  try {
    decodeCursor(cursor, ['createdAt', 'id']);
  } catch (error) {
    if (error instanceof ProblemException) return `${error.getStatus()} ${error.problem.slug}`;
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
  ])('answers a cursor with %s with a 400 invalid-cursor problem', (_case, cursor) => {
    expect(slugOfRejection(cursor)).toBe('400 invalid-cursor');
  });
});
