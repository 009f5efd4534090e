import { StoreCreditBalanceChanged } from '@rebound/contracts';
import { TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../../../test/fakes/in-memory-refunds';
import { RedeemStoreCredit } from './redeem-store-credit';
import { RedeemStoreCreditCommand } from './redeem-store-credit.command';

const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));
const checkout = { subject: 'checkout-service', clientId: 'checkout' };

function redemption(amountMinor: number, key = 'key-1', requestHash = `hash-${amountMinor}`) {
  return RedeemStoreCreditCommand.of({
    customerId: 'customer-1',
    currency: 'EUR',
    amountMinor,
    orderId: 'order-9',
    idempotencyKey: key,
    requestHash,
    redeemedBy: checkout,
  });
}

/** A customer holding 50.00 of store credit. */
async function holding(state: InMemoryRefundsState, balanceMinor = 5000) {
  await state.transaction().storeCredit.appendStoreCredit(
    {
      customerId: 'customer-1',
      currency: 'EUR',
      kind: 'issued',
      amountMinor: balanceMinor,
      refundId: 'refund-1',
      redemptionId: null,
      orderId: null,
      actor: null,
      at: clock.now(),
    },
    balanceMinor,
  );
}

describe('RedeemStoreCredit', () => {
  it('spends the amount from the balance and announces the balance after it', async () => {
    const state = new InMemoryRefundsState();
    await holding(state);
    const tx = state.transaction();

    const redeemed = await new RedeemStoreCredit(clock).execute(tx, redemption(2000));

    expect(redeemed).toMatchObject({ replayed: false, entry: { amountMinor: -2000, balanceAfterMinor: 3000 } });
    expect(state.balanceOf('customer-1', 'EUR')).toBe(3000);
    expect(tx.events.ofType(StoreCreditBalanceChanged)).toEqual([
      expect.objectContaining({ kind: 'redeemed', amountMinor: -2000, balanceMinor: 3000, orderId: 'order-9' }),
    ]);
  });

  it('answers a repeated request with the first answer and takes nothing again', async () => {
    const state = new InMemoryRefundsState();
    await holding(state);
    const redeem = new RedeemStoreCredit(clock);
    const first = await redeem.execute(state.transaction(), redemption(2000));

    const again = await redeem.execute(state.transaction(), redemption(2000));

    expect(again).toMatchObject({ replayed: true, redemptionId: first.redemptionId, redeemedBy: checkout });
    expect(state.balanceOf('customer-1', 'EUR')).toBe(3000);
  });

  it('refuses a key used before for another redemption', async () => {
    const state = new InMemoryRefundsState();
    await holding(state);
    const redeem = new RedeemStoreCredit(clock);
    await redeem.execute(state.transaction(), redemption(2000));

    await expect(redeem.execute(state.transaction(), redemption(1000))).rejects.toMatchObject({
      kind: 'conflict',
      code: 'idempotency-key-reused',
    });
  });

  it('refuses more than the balance holds, whole', async () => {
    const state = new InMemoryRefundsState();
    await holding(state, 1000);

    await expect(new RedeemStoreCredit(clock).execute(state.transaction(), redemption(2000))).rejects.toMatchObject({
      kind: 'conflict',
      code: 'insufficient-store-credit',
      title: 'Request cannot be carried out',
    });
    expect(state.balanceOf('customer-1', 'EUR')).toBe(1000);
  });
});

describe('RedeemStoreCreditCommand', () => {
  it('cannot spend nothing, or a fraction of a minor unit', () => {
    expect(() => redemption(0)).toThrow(expect.objectContaining({ kind: 'invalid' }));
    expect(() => redemption(1.5)).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ field: 'amountMinor' })] }),
    );
  });
});
