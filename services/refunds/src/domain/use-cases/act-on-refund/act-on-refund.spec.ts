import { RefundRetried, RefundSuperseded, StoreCreditIssued } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../../../test/fakes/in-memory-refunds';
import { approvedReturn } from '../../../../test/support/fixtures';
import { RecordApproval } from '../record-approval/record-approval';
import { ActOnRefund } from './act-on-refund';
import { RefundActionCommand } from './act-on-refund.command';

const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));
const operator = { subject: 'ops-1', clientId: 'ops-console' };

/** An instant refund to the card whose one part the provider declined for good. */
async function declinedRefund(state: InMemoryRefundsState) {
  const approved = approvedReturn({ instantRefund: true });
  await new RecordApproval(clock).execute(state.transaction(), approved);
  const [refund] = state.refundsOf(approved.returnId);
  state.refunds.set(refund.refundId, { ...refund, state: 'failed', nextAttemptAt: null, lastError: 'card closed' });
  state.payments[0] = { ...state.payments[0], state: 'failed' };
  return { approved, refundId: refund.refundId };
}

const command = (refundId: string, action: RefundActionCommand['action']) =>
  RefundActionCommand.of({ refundId, action, operator, reason: 'customer confirmed the card' });

describe('ActOnRefund', () => {
  it('pays a declined part again under a new key when ops retry, and records who did', async () => {
    const state = new InMemoryRefundsState();
    const { refundId } = await declinedRefund(state);
    const tx = state.transaction();

    await new ActOnRefund(clock).execute(tx, command(refundId, 'retry'));

    expect(state.partsOf(refundId).map((part) => [part.n, part.state])).toEqual([
      [1, 'retried'],
      [2, 'pending'],
    ]);
    expect(state.refunds.get(refundId)).toMatchObject({ state: 'pending', attempts: 0, lastError: null });
    expect(state.actions).toEqual([
      expect.objectContaining({ action: 'retry', operatorId: 'ops-1', operatorClientId: 'ops-console' }),
    ]);
    expect(tx.events.ofType(RefundRetried)).toEqual([expect.objectContaining({ operatorId: 'ops-1' })]);
  });

  it('pays what a declined refund left unpaid as store credit, without bonus, when ops fall it back', async () => {
    const state = new InMemoryRefundsState();
    const { approved, refundId } = await declinedRefund(state);
    const tx = state.transaction();

    const replacementId = await new ActOnRefund(clock).execute(tx, command(refundId, 'fall_back_to_store_credit'));

    expect(state.refunds.get(refundId)).toMatchObject({ state: 'superseded' });
    expect(state.refunds.get(replacementId)).toMatchObject({
      method: 'store_credit',
      state: 'succeeded',
      amountMinor: 19002,
      bonusMinor: 0,
    });
    expect(state.balanceOf(approved.customerId, 'EUR')).toBe(19002);
    expect(tx.events.ofType(RefundSuperseded)).toEqual([
      expect.objectContaining({ replacementRefundId: replacementId }),
    ]);
    expect(tx.events.ofType(StoreCreditIssued)).toHaveLength(1);
  });

  it('refuses a refund that is still being paid', async () => {
    const state = new InMemoryRefundsState();
    const approved = approvedReturn({ instantRefund: true });
    await new RecordApproval(clock).execute(state.transaction(), approved);
    const [pending] = state.refundsOf(approved.returnId);

    await expect(
      new ActOnRefund(clock).execute(state.transaction(), command(pending.refundId, 'retry')),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'refund-not-actionable',
      title: 'Request cannot be carried out',
    });
  });

  it('refuses to fall back a refund whose last call may have been applied', async () => {
    const state = new InMemoryRefundsState();
    const { refundId } = await declinedRefund(state);
    const refund = state.refunds.get(refundId);
    if (refund) state.refunds.set(refundId, { ...refund, state: 'needs_attention', outcomeUnknown: true });

    await expect(
      new ActOnRefund(clock).execute(state.transaction(), command(refundId, 'fall_back_to_store_credit')),
    ).rejects.toMatchObject({ code: 'refund-outcome-unknown' });
  });

  it('answers an unknown refund as not found, under the refunds endpoints’ title', async () => {
    const state = new InMemoryRefundsState();

    const refused = new ActOnRefund(clock).execute(state.transaction(), command('refund-1', 'retry'));

    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({
      kind: 'not-found',
      code: 'refund-not-found',
      title: 'No such refund',
    });
  });
});

describe('RefundActionCommand', () => {
  it('cannot be built without a reason or an operator', () => {
    expect(() =>
      RefundActionCommand.of({
        refundId: 'refund-1',
        action: 'retry',
        operator: { subject: '', clientId: '' },
        reason: '',
      }),
    ).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        problems: [expect.objectContaining({ field: 'operator' }), expect.objectContaining({ field: 'reason' })],
      }),
    );
  });
});
