import { TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../../../test/fakes/in-memory-refunds';
import { approvedReturn } from '../../../../test/support/fixtures';
import { RecordApproval } from '../record-approval/record-approval';
import { ClaimDuePayment } from './claim-due-payment';

const leaseMs = 30_000;

async function dueRefund(state: InMemoryRefundsState, clock: TestClock) {
  const approved = approvedReturn({ instantRefund: true });
  await new RecordApproval(clock).execute(state.transaction(), approved);
  return state.refundsOf(approved.returnId)[0];
}

describe('ClaimDuePayment', () => {
  it('takes a due refund with its parts still to pay, under a new lease', async () => {
    const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));
    const state = new InMemoryRefundsState();
    const refund = await dueRefund(state, clock);

    const claimed = await new ClaimDuePayment(clock, { leaseMs }).execute(state.transaction());

    expect(claimed?.refund).toMatchObject({ refundId: refund.refundId, state: 'processing', leaseToken: 1 });
    expect(claimed?.pendingParts.map((part) => part.n)).toEqual([1]);
  });

  it('leaves a claimed refund to its worker until the lease runs out', async () => {
    const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));
    const state = new InMemoryRefundsState();
    await dueRefund(state, clock);
    const claim = new ClaimDuePayment(clock, { leaseMs });
    await claim.execute(state.transaction());

    expect(await claim.execute(state.transaction())).toBeUndefined();
  });

  it('takes over a refund whose worker died mid-call, asking before paying again', async () => {
    const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));
    const state = new InMemoryRefundsState();
    await dueRefund(state, clock);
    const claim = new ClaimDuePayment(clock, { leaseMs });
    await claim.execute(state.transaction());
    clock.advance(leaseMs + 1);

    const taken = await claim.execute(state.transaction());

    expect(taken?.refund).toMatchObject({ state: 'processing', outcomeUnknown: true, leaseToken: 2 });
  });
});
