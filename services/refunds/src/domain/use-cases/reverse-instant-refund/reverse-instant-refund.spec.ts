import { RefundReversed } from '@rebound/contracts';
import { TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../../../test/fakes/in-memory-refunds';
import { approvedReturn } from '../../../../test/support/fixtures';
import { ApprovalNotYetRead } from '../../refusals';
import { RecordApproval } from '../record-approval/record-approval';
import { ReverseInstantRefund } from './reverse-instant-refund';

const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));

async function approvedIn(state: InMemoryRefundsState, ...overrides: Parameters<typeof approvedReturn>) {
  const approved = approvedReturn(...overrides);
  await new RecordApproval(clock).execute(state.transaction(), approved);
  return approved;
}

describe('ReverseInstantRefund', () => {
  it('waits for the approval when an abandoned pickup is read before it', async () => {
    const state = new InMemoryRefundsState();

    await expect(
      new ReverseInstantRefund(clock).execute(state.transaction(), { returnId: 'return-1', reason: 'abandoned' }),
    ).rejects.toBeInstanceOf(ApprovalNotYetRead);
  });

  it('has nothing to reverse for a cancellation of a return it never saw approved', async () => {
    const state = new InMemoryRefundsState();
    const tx = state.transaction();

    await new ReverseInstantRefund(clock).execute(tx, { returnId: 'return-1', reason: 'cancelled' });

    expect(tx.events.published).toEqual([]);
  });

  it('takes store credit back when the return is cancelled, bonus included, and says so', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedIn(state, { instantRefund: true, refundMethod: 'store_credit' });
    const tx = state.transaction();

    await new ReverseInstantRefund(clock).execute(tx, { returnId: approved.returnId, reason: 'cancelled' });

    expect(state.balanceOf(approved.customerId, 'EUR')).toBe(0);
    expect(tx.events.ofType(RefundReversed)).toEqual([
      expect.objectContaining({ reason: 'cancelled', method: 'store_credit', amountMinor: 19002 + 1900 }),
    ]);
    expect(state.refundsOf(approved.returnId)).toContainEqual(
      expect.objectContaining({ phase: 'clawback', state: 'succeeded', reversalReason: 'cancelled' }),
    );
  });

  it('cancels an instant refund that has paid nothing yet, and claws nothing back', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedIn(state, { instantRefund: true });
    const tx = state.transaction();

    await new ReverseInstantRefund(clock).execute(tx, { returnId: approved.returnId, reason: 'expired' });

    expect(state.refundsOf(approved.returnId)).toEqual([
      expect.objectContaining({ phase: 'instant', state: 'cancelled' }),
    ]);
    expect(tx.events.ofType(RefundReversed)).toEqual([]);
  });

  it('leaves the reversal to the payment worker while the instant refund is being paid', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedIn(state, { instantRefund: true });
    const [instant] = state.refundsOf(approved.returnId);
    state.refunds.set(instant.refundId, { ...instant, state: 'processing' });

    await new ReverseInstantRefund(clock).execute(state.transaction(), {
      returnId: approved.returnId,
      reason: 'expired',
    });

    expect(state.refundsOf(approved.returnId)).toEqual([
      expect.objectContaining({ state: 'processing', reversalReason: 'expired' }),
    ]);
  });

  it('reverses once, whichever ending comes second', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedIn(state, { instantRefund: true, refundMethod: 'store_credit' });
    const reverse = new ReverseInstantRefund(clock);
    await reverse.execute(state.transaction(), { returnId: approved.returnId, reason: 'cancelled' });
    const second = state.transaction();

    await reverse.execute(second, { returnId: approved.returnId, reason: 'expired' });

    expect(second.events.published).toEqual([]);
  });
});
