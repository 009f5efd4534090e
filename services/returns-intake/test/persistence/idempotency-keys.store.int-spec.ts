import { randomUUID } from 'node:crypto';
import { intakeDatabase, type IntakeDatabase } from '../support/intake-database';

describe('PgIdempotencyKeys', () => {
  let db: IntakeDatabase;
  beforeAll(async () => {
    db = await intakeDatabase('intake_idempotency_store');
  }, 60_000);
  afterAll(() => db?.close());

  it('lets the first use of a key claim it, and tells every later one what the first made', async () => {
    const key = randomUUID();
    const first = randomUUID();
    const claim = (hash: string, resourceId: string) =>
      db.transactions.run((tx) => tx.idempotencyKeys.claim('open-return', key, hash, resourceId));
    expect(await claim('hash-1', first)).toEqual({ claimed: true });
    expect(await claim('hash-2', randomUUID())).toEqual({ claimed: false, requestHash: 'hash-1', resourceId: first });
  });

  it('keeps keys of different operations apart', async () => {
    const key = randomUUID();
    const claim = (operation: string) =>
      db.transactions.run((tx) => tx.idempotencyKeys.claim(operation, key, 'hash', randomUUID()));
    expect(await claim('open-return')).toEqual({ claimed: true });
    expect(await claim('another-operation')).toEqual({ claimed: true });
  });
});
