import { ExchangeSettled, type ReturnApproved } from '@rebound/contracts';
import { TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../../../test/fakes/in-memory-refunds';
import {
  approvedReturn,
  chargeOf,
  exchangeOrderRequestedFor,
  exchangeResolution,
  withResolutions,
} from '../../../../test/support/fixtures';
import { RecordApproval } from '../record-approval/record-approval';
import { SettleExchange } from './settle-exchange';

const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));

/** `approvedReturn`'s jackets (worth 2 × 89.99 = 179.98, the restocking fee waived) exchanged for two replacements at `unitPriceMinor`. */
async function approvedExchange(state: InMemoryRefundsState, unitPriceMinor: number, instantExchange = true) {
  const approved = approvedReturn({ instantExchange });
  const exchanging: ReturnApproved = withResolutions(approved, {
    jacket: exchangeResolution(approved.lines[0], { unitPriceMinor }, 250),
  });
  await new RecordApproval(clock).execute(state.transaction(), exchanging);
  return exchanging;
}

describe('SettleExchange', () => {
  it('books the credit that paid for the replacements and charges the shortfall once, against the line’s charge', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedExchange(state, 9999);
    const tx = state.transaction();

    await new SettleExchange(clock).execute(tx, exchangeOrderRequestedFor(approved));
    await new SettleExchange(clock).execute(state.transaction(), exchangeOrderRequestedFor(approved));

    const byPhase = (phase: string) => state.refundsOf(approved.returnId).filter((refund) => refund.phase === phase);
    expect(byPhase('exchange')).toEqual([expect.objectContaining({ amountMinor: 17998, state: 'succeeded' })]);
    const [collection] = byPhase('collection');
    expect(collection).toMatchObject({ amountMinor: 2000, state: 'pending' });
    expect(state.partsOf(collection.refundId)).toEqual([
      expect.objectContaining({ chargeId: chargeOf(approved.orderId), amountMinor: 2000, state: 'pending' }),
    ]);
    expect(byPhase('surplus')).toEqual([]);
    expect(state.ledger.map((entry) => [entry.lineId, entry.kind, entry.amountMinor])).toEqual([
      ['jacket', 'exchange', 17998],
    ]);
    expect(state.balanceOf(approved.customerId, 'EUR')).toBe(250);
    expect(tx.events.published.find((event) => event.type === ExchangeSettled.eventType)?.data).toMatchObject({
      instant: true,
      surplusMinor: 0,
      shortfallMinor: 2000,
      bonusMinor: 250,
      collectionId: collection.refundId,
    });
  });

  it('refunds the surplus of a cheaper replacement as a refund of its own', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedExchange(state, 5000);

    await new SettleExchange(clock).execute(state.transaction(), exchangeOrderRequestedFor(approved));

    const surplus = state.refundsOf(approved.returnId).find((refund) => refund.phase === 'surplus');
    expect(surplus).toMatchObject({ amountMinor: 7998, method: 'original_payment', state: 'pending' });
    expect(state.ledger.map((entry) => entry.amountMinor).sort((a, b) => a - b)).toEqual([7998, 10_000]);
  });

  it('keeps an exchange shipped after inspection for the inspection to settle with its grades', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedExchange(state, 9999, false);
    const tx = state.transaction();

    await new SettleExchange(clock).execute(tx, exchangeOrderRequestedFor(approved));

    expect(state.exchangeOrders.get(approved.returnId)).toMatchObject({
      lines: [expect.objectContaining({ lineId: 'jacket' })],
    });
    expect(state.refundsOf(approved.returnId)).toEqual([]);
    expect(tx.events.published).toEqual([]);
  });
});
