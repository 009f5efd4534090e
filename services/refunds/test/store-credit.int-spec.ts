/**
 * Store credit on real Kafka and Postgres: the balance and ledger a store-credit refund leaves, the
 * checkout's idempotent redemptions (never below zero, however many arrive at once), claw-backs that
 * take at most what is left, every change announced on refunds.store-credit.v1, and a customer's
 * token reading its own credit only.
 */
import { randomUUID } from 'node:crypto';
import { InspectionCompleted, ReturnApproved } from '@rebound/contracts';
import { waitUntil } from '@rebound/testing';
import { approvedReturn, inspectionOf } from './support/fixtures';
import { useRefundsWorld } from './support/refunds-world';

jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

describe('store credit', () => {
  const world = useRefundsWorld('refunds-store-credit');

  /** The storefront's checkout, as its service account's token names it. */
  const storefront = () =>
    world().issuer.authorization({
      subject: 'service-account-rebound-storefront',
      clientId: 'rebound-storefront',
      permissions: ['store-credit:read', 'store-credit:redeem'],
    });

  /** A customer whose return was refunded as store credit: 190.02 and a 10 % bonus of 19.00, 209.02 in all. */
  async function customerWithCredit(overrides: Partial<ReturnApproved> = {}): Promise<ReturnApproved> {
    const approved = approvedReturn({ refundMethod: 'store_credit', storeCreditBonusPercent: 10, ...overrides });
    await world().publish(ReturnApproved, approved, approved.returnId);
    if (!approved.instantRefund) await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);
    await balanceOnceIt(approved.customerId, 'the store credit', (balance) => balance === 20902);
    return approved;
  }

  async function balanceOnceIt(customerId: string, what: string, done: (balanceMinor: number) => boolean) {
    return waitUntil(what, async () => {
      const answer = await world().http('GET', `/v1/customers/${customerId}/store-credit`);
      const eur = answer.body?.balances?.find((balance: Json) => balance.currency === 'EUR');
      return answer.status === 200 && eur !== undefined && done(eur.balanceMinor) && answer.body;
    });
  }

  /** Redeems as the storefront's checkout, under `key` (a fresh one by default; null: no Idempotency-Key). */
  async function redeem(customerId: string, body: Json, key: string | null = randomUUID()) {
    return world().http('POST', `/v1/customers/${customerId}/store-credit/redemptions`, body, {
      ...(await storefront()),
      ...(key !== null && { 'idempotency-key': key }),
    });
  }

  const ledger = async (customerId: string, query = '') =>
    (await world().http('GET', `/v1/customers/${customerId}/store-credit/entries${query}`)).body;

  it('has no balance for a customer who never held credit', async () => {
    const answer = await world().http('GET', `/v1/customers/customer-${randomUUID()}/store-credit`);

    expect(answer.status).toBe(200);
    expect(answer.body.balances).toEqual([]);
  });

  it('shows a store-credit refund as a balance, with the credit issued and its bonus in the ledger, newest first', async () => {
    const approved = await customerWithCredit();

    const balance = await balanceOnceIt(approved.customerId, 'the balance', () => true);
    expect(balance).toEqual({
      customerId: approved.customerId,
      balances: [{ currency: 'EUR', balanceMinor: 20902, updatedAt: expect.any(String) }],
    });
    const { items } = await ledger(approved.customerId);
    const refundId = items[0].refundId;
    expect(items).toEqual([
      expect.objectContaining({ kind: 'bonus', amountMinor: 1900, balanceAfterMinor: 20902, refundId, actor: null }),
      expect.objectContaining({ kind: 'issued', amountMinor: 19002, balanceAfterMinor: 19002, refundId, actor: null }),
    ]);
  });

  it('pages through the ledger with the cursor, one entry at a time', async () => {
    const approved = await customerWithCredit();

    const first = await ledger(approved.customerId, '?limit=1');
    expect(first.items).toEqual([expect.objectContaining({ kind: 'bonus' })]);
    const second = await ledger(approved.customerId, `?limit=1&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ kind: 'issued' })], nextCursor: null });
    expect((await ledger(approved.customerId, '?currency=USD')).items).toEqual([]);
    const forged = await world().http('GET', `/v1/customers/${approved.customerId}/store-credit/entries?cursor=abc`);
    expect(forged.status).toBe(400);
  });

  it('announces each change on refunds.store-credit.v1, keyed by the customer, with the balance after it', async () => {
    const approved = await customerWithCredit();
    const redeemed = await redeem(approved.customerId, { currency: 'EUR', amountMinor: 902, orderId: 'order-next' });

    await world().waitForStoreCreditEvents(approved.customerId, 'three changes', (events) => events.length === 3);
    expect(
      world()
        .storeCreditEvents(approved.customerId)
        .map((event) => event.data),
    ).toEqual([
      expect.objectContaining({ kind: 'issued', amountMinor: 19002, balanceMinor: 19002, currency: 'EUR' }),
      expect.objectContaining({ kind: 'bonus', amountMinor: 1900, balanceMinor: 20902 }),
      expect.objectContaining({
        kind: 'redeemed',
        amountMinor: -902,
        balanceMinor: 20000,
        redemptionId: redeemed.body.redemptionId,
        orderId: 'order-next',
      }),
    ]);
    expect(world().storeCreditEvents(approved.customerId)[0]).toMatchObject({
      type: 'StoreCreditBalanceChanged',
      subject: approved.customerId,
    });
  });

  it('lowers the balance by a redemption, records who redeemed, and answers a retry with the same redemption', async () => {
    const approved = await customerWithCredit();
    const key = `checkout-${randomUUID()}`;
    const body = { currency: 'EUR', amountMinor: 5000, orderId: 'order-10045' };

    const first = await redeem(approved.customerId, body, key);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      redemptionId: expect.any(String),
      customerId: approved.customerId,
      currency: 'EUR',
      amountMinor: 5000,
      orderId: 'order-10045',
      balanceAfterMinor: 15902,
      redeemedBy: { subject: 'service-account-rebound-storefront', clientId: 'rebound-storefront' },
      redeemedAt: expect.any(String),
    });
    const again = await redeem(approved.customerId, body, key);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);

    await balanceOnceIt(approved.customerId, 'one redemption taken', (balance) => balance === 15902);
    const { items } = await ledger(approved.customerId);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({
      kind: 'redeemed',
      amountMinor: -5000,
      balanceAfterMinor: 15902,
      redemptionId: first.body.redemptionId,
      orderId: 'order-10045',
      actor: { subject: 'service-account-rebound-storefront', clientId: 'rebound-storefront' },
    });
  });

  it('takes once when the checkout sends the same redemption many times at once', async () => {
    const approved = await customerWithCredit();
    const key = `checkout-${randomUUID()}`;

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => redeem(approved.customerId, { currency: 'EUR', amountMinor: 700 }, key)),
    );

    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(9);
    expect(new Set(answers.map((answer) => answer.body.redemptionId)).size).toBe(1);
    await balanceOnceIt(approved.customerId, 'one redemption taken', (balance) => balance === 20202);
  });

  it('refuses a key reused for a different redemption, and takes nothing', async () => {
    const approved = await customerWithCredit();
    const key = `checkout-${randomUUID()}`;
    await redeem(approved.customerId, { currency: 'EUR', amountMinor: 1000 }, key);

    const reused = await redeem(approved.customerId, { currency: 'EUR', amountMinor: 2000 }, key);

    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ type: expect.stringMatching(/idempotency-key-reused$/) });
    await balanceOnceIt(approved.customerId, 'only the first redemption', (balance) => balance === 19902);
  });

  it('refuses to redeem more than the balance holds, saying how much it holds, and changes nothing', async () => {
    const approved = await customerWithCredit();
    const key = `checkout-${randomUUID()}`;

    const refused = await redeem(approved.customerId, { currency: 'EUR', amountMinor: 20903 }, key);

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/insufficient-store-credit$/) });
    expect(refused.body.detail).toContain('20902');
    expect(refused.body.detail).toContain('20903');
    expect((await ledger(approved.customerId)).items).toHaveLength(2);
    await balanceOnceIt(approved.customerId, 'the balance untouched', (balance) => balance === 20902);
    // Nothing of the refused request was kept, not even its key.
    const afterwards = await redeem(approved.customerId, { currency: 'EUR', amountMinor: 20902 }, key);
    expect(afterwards.status).toBe(201);
    expect(afterwards.body.balanceAfterMinor).toBe(0);
    const otherCurrency = await redeem(approved.customerId, { currency: 'USD', amountMinor: 1 });
    expect(otherCurrency.status).toBe(409);
  });

  it('applies exactly as many of 20 concurrent redemptions as the balance covers, and never goes below zero', async () => {
    const approved = await customerWithCredit();

    // 209.02 covers 60.00 three times.
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => redeem(approved.customerId, { currency: 'EUR', amountMinor: 6000 })),
    );

    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(17);
    await balanceOnceIt(approved.customerId, 'three redemptions taken', (balance) => balance === 2902);
    const { items } = await ledger(approved.customerId);
    expect(items.filter((entry: Json) => entry.kind === 'redeemed')).toHaveLength(3);
    expect(items.every((entry: Json) => entry.balanceAfterMinor >= 0)).toBe(true);
  });

  it('claws back at most what is left when an inspection finds less refundable than the instant store credit', async () => {
    const approved = await customerWithCredit({ instantRefund: true });
    await redeem(approved.customerId, { currency: 'EUR', amountMinor: 20000 });

    // One of the two jackets came back, graded C: 55.04 and its 5.50 bonus were due, 148.48 too much was issued.
    await world().publish(
      InspectionCompleted,
      inspectionOf(approved, { jacket: { grade: 'C', fraction: 0.5, received: 1 } }),
      approved.returnId,
    );

    await balanceOnceIt(approved.customerId, 'the claw-back', (balance) => balance === 0);
    const { items } = await ledger(approved.customerId);
    expect(items[0]).toMatchObject({ kind: 'reversed', amountMinor: -902, balanceAfterMinor: 0 });
  });

  it('names the field of a bad redemption, and asks for the Idempotency-Key', async () => {
    const customerId = `customer-${randomUUID()}`;

    const zero = await redeem(customerId, { currency: 'EUR', amountMinor: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.errors).toEqual([expect.objectContaining({ field: 'amountMinor' })]);
    const currency = await redeem(customerId, { currency: 'euro', amountMinor: 100 });
    expect(currency.body.errors).toEqual([expect.objectContaining({ field: 'currency' })]);
    const keyless = await redeem(customerId, { currency: 'EUR', amountMinor: 100 }, null);
    expect(keyless.status).toBe(400);
    expect(keyless.body).toMatchObject({
      type: expect.stringMatching(/missing-idempotency-key$/),
      errors: [{ field: 'Idempotency-Key' }],
    });
  });

  it("lets a customer's token read its own store credit only, and never redeem it", async () => {
    const approved = await customerWithCredit();
    const own = await world().issuer.authorization({
      subject: approved.customerId,
      clientId: 'rebound-customer',
      customerId: approved.customerId,
      permissions: ['store-credit:read', 'store-credit:redeem'],
    });
    const asCustomer = (method: string, path: string, body?: Json) =>
      world().http(method, path, body, { ...own, 'idempotency-key': randomUUID() });

    const mine = await asCustomer('GET', `/v1/customers/${approved.customerId}/store-credit`);
    expect(mine.status).toBe(200);
    expect(mine.body.balances).toEqual([expect.objectContaining({ balanceMinor: 20902 })]);
    expect((await asCustomer('GET', `/v1/customers/${approved.customerId}/store-credit/entries`)).status).toBe(200);

    const other = `customer-${randomUUID()}`;
    const theirs = await asCustomer('GET', `/v1/customers/${other}/store-credit`);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toMatchObject({ type: expect.stringMatching(/store-credit-not-found$/) });
    expect((await asCustomer('GET', `/v1/customers/${other}/store-credit/entries`)).status).toBe(404);
    const spend = await asCustomer('POST', `/v1/customers/${approved.customerId}/store-credit/redemptions`, {
      currency: 'EUR',
      amountMinor: 100,
    });
    expect(spend.status).toBe(403);
  });
});
