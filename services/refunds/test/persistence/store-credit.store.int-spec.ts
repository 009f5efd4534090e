import { randomUUID } from 'node:crypto';
import type { StoreCreditChange } from '../../src/domain/store-credit';
import { PgStoreCreditStore } from '../../src/persistence/pg-store-credit.store';
import { useRefundsSchema } from './refunds-schema';

const at = new Date('2026-12-01T10:00:00Z');
const checkout = { subject: 'checkout-service', clientId: 'checkout' };

describe('PgStoreCreditStore', () => {
  const db = useRefundsSchema('refunds_store_credit_store');
  const inStore = <T>(work: (storeCredit: PgStoreCreditStore) => Promise<T>) =>
    db().inTransaction((manager) => work(new PgStoreCreditStore(manager)));

  const change = (customerId: string, amountMinor: number, overrides: Partial<StoreCreditChange> = {}) => ({
    customerId,
    currency: 'EUR',
    kind: amountMinor > 0 ? ('issued' as const) : ('redeemed' as const),
    amountMinor,
    refundId: null,
    redemptionId: null,
    orderId: null,
    actor: null,
    at,
    ...overrides,
  });

  it('opens an account at zero, appends its changes in order and keeps the balance after each', async () => {
    const customerId = `customer-${randomUUID()}`;
    expect(await inStore((storeCredit) => storeCredit.lockStoreCredit(customerId, 'EUR', at))).toBe(0);

    await inStore(async (storeCredit) => {
      await storeCredit.lockStoreCredit(customerId, 'EUR', at);
      await storeCredit.appendStoreCredit(change(customerId, 5000), 5000);
      await storeCredit.appendStoreCredit(change(customerId, -2000, { actor: checkout, orderId: 'order-9' }), 3000);
    });

    expect(await inStore((storeCredit) => storeCredit.lockStoreCredit(customerId, 'EUR', at))).toBe(3000);
    const entries = await inStore((storeCredit) => storeCredit.storeCreditEntries(customerId, undefined, 10));
    expect(entries.map((entry) => [entry.kind, entry.amountMinor, entry.balanceAfterMinor, entry.actor])).toEqual([
      ['redeemed', -2000, 3000, checkout],
      ['issued', 5000, 5000, null],
    ]);
    expect(await inStore((storeCredit) => storeCredit.storeCreditBalances(customerId))).toEqual([
      expect.objectContaining({ currency: 'EUR', balanceMinor: 3000 }),
    ]);
  });

  it('pages the ledger newest first, before the entry it was given', async () => {
    const customerId = `customer-${randomUUID()}`;
    await inStore(async (storeCredit) => {
      await storeCredit.lockStoreCredit(customerId, 'EUR', at);
      for (const balance of [100, 200, 300]) await storeCredit.appendStoreCredit(change(customerId, 100), balance);
    });
    const [newest] = await inStore((storeCredit) => storeCredit.storeCreditEntries(customerId, 'EUR', 1));

    const older = await inStore((storeCredit) => storeCredit.storeCreditEntries(customerId, 'EUR', 10, newest.entryId));

    expect(older.map((entry) => entry.balanceAfterMinor)).toEqual([200, 100]);
  });

  it('keeps a redemption under its client’s key once, and answers the kept one to a repeat', async () => {
    const customerId = `customer-${randomUUID()}`;
    const redemption = {
      redemptionId: randomUUID(),
      customerId,
      currency: 'EUR',
      amountMinor: 2000,
      orderId: null,
      idempotencyKey: `key-${randomUUID()}`,
      clientId: 'checkout',
      requestHash: 'hash-1',
      at,
    };
    expect(await inStore((storeCredit) => storeCredit.claimRedemption(redemption))).toBeUndefined();

    const kept = await inStore((storeCredit) =>
      storeCredit.claimRedemption({ ...redemption, redemptionId: randomUUID(), requestHash: 'hash-2' }),
    );
    const otherClient = await inStore((storeCredit) =>
      storeCredit.claimRedemption({ ...redemption, redemptionId: randomUUID(), clientId: 'kiosk' }),
    );

    expect(kept).toMatchObject({ redemptionId: redemption.redemptionId, requestHash: 'hash-1' });
    expect(otherClient).toBeUndefined();
  });

  it('finds the ledger entry a redemption made', async () => {
    const customerId = `customer-${randomUUID()}`;
    const redemptionId = randomUUID();
    await inStore(async (storeCredit) => {
      await storeCredit.lockStoreCredit(customerId, 'EUR', at);
      await storeCredit.appendStoreCredit(change(customerId, 5000), 5000);
      await storeCredit.claimRedemption({
        redemptionId,
        customerId,
        currency: 'EUR',
        amountMinor: 1000,
        orderId: null,
        idempotencyKey: `key-${randomUUID()}`,
        clientId: 'checkout',
        requestHash: 'hash',
        at,
      });
      await storeCredit.appendStoreCredit(change(customerId, -1000, { redemptionId, actor: checkout }), 4000);
    });

    expect(await inStore((storeCredit) => storeCredit.redemptionEntry(redemptionId))).toMatchObject({
      amountMinor: -1000,
      balanceAfterMinor: 4000,
      actor: checkout,
    });
  });
});
