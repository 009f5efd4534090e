/** PgMovementRequestStore on real Postgres: a key claimed once, its digest and answer kept, a rollback frees it. */
import { randomUUID } from 'node:crypto';
import { PgMovementRequestStore } from '../../src/persistence/pg-movement-request.store';
import { useInventoryDatabase } from '../support/inventory-database';

const database = useInventoryDatabase('inventory_request_store');

describe('PgMovementRequestStore', () => {
  it('claims a key once and hands a repeat the digest and answer stored under it', async () => {
    const key = randomUUID();
    const store = new PgMovementRequestStore(database().dataSource.manager);

    expect(await store.claimRequest(key, 'hash-1')).toBeNull();
    await store.storeResponse(key, { movementId: key });

    expect(await store.claimRequest(key, 'hash-2')).toEqual({ requestHash: 'hash-1', response: { movementId: key } });
  });

  it('keeps nothing of a claim whose transaction rolled back', async () => {
    const key = randomUUID();
    await expect(
      database().transaction(async (manager) => {
        await new PgMovementRequestStore(manager).claimRequest(key, 'hash-1');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');

    expect(await new PgMovementRequestStore(database().dataSource.manager).claimRequest(key, 'hash-2')).toBeNull();
  });
});
