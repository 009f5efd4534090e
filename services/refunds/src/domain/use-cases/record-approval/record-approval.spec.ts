import { RefundIssued, StoreCreditBalanceChanged, StoreCreditIssued } from '@rebound/contracts';
import { TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../../../test/fakes/in-memory-refunds';
import { approvedReturn, chargeOf } from '../../../../test/support/fixtures';
import { RecordApproval } from './record-approval';

const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));

describe('RecordApproval', () => {
  it('keeps the terms and the charges the approval names, and pays nothing before inspection', async () => {
    const state = new InMemoryRefundsState();
    const tx = state.transaction();
    const approved = approvedReturn();

    await new RecordApproval(clock).execute(tx, approved);

    expect(state.approvals.get(approved.returnId)).toMatchObject({
      orderId: approved.orderId,
      expectedRefundMinor: 19002,
    });
    expect(state.captures.get(approved.orderId)).toEqual([
      { chargeId: chargeOf(approved.orderId), lineId: 'jacket', amountMinor: 2 * 8999 },
      { chargeId: chargeOf(approved.orderId), lineId: 'scarf', amountMinor: 3 * 1999 },
    ]);
    expect(state.refundsOf(approved.returnId)).toEqual([]);
    expect(tx.events.published).toEqual([]);
  });

  it('pays an instant refund of the quote against the order’s charge, booked on the ledger line by line', async () => {
    const state = new InMemoryRefundsState();
    const approved = approvedReturn({ instantRefund: true });

    await new RecordApproval(clock).execute(state.transaction(), approved);

    const [instant] = state.refundsOf(approved.returnId);
    expect(instant).toMatchObject({ phase: 'instant', amountMinor: 19002, state: 'pending' });
    expect(state.partsOf(instant.refundId)).toEqual([
      expect.objectContaining({ n: 1, chargeId: chargeOf(approved.orderId), amountMinor: 19002, state: 'pending' }),
    ]);
    expect(state.ledger.reduce((sum, entry) => sum + entry.amountMinor, 0)).toBe(19002);
  });

  it('issues an instant store-credit refund at once, with the policy’s bonus', async () => {
    const state = new InMemoryRefundsState();
    const tx = state.transaction();
    const approved = approvedReturn({ instantRefund: true, refundMethod: 'store_credit' });

    await new RecordApproval(clock).execute(tx, approved);

    expect(state.refundsOf(approved.returnId)).toEqual([
      expect.objectContaining({ state: 'succeeded', amountMinor: 19002, bonusMinor: 1900 }),
    ]);
    expect(state.balanceOf(approved.customerId, 'EUR')).toBe(19002 + 1900);
    expect(tx.events.types).toEqual([
      StoreCreditBalanceChanged.eventType,
      StoreCreditBalanceChanged.eventType,
      StoreCreditIssued.eventType,
    ]);
  });

  it('changes nothing when the approval is read again', async () => {
    const state = new InMemoryRefundsState();
    const approved = approvedReturn({ instantRefund: true, refundMethod: 'store_credit' });
    const recordApproval = new RecordApproval(clock);
    await recordApproval.execute(state.transaction(), approved);
    const again = state.transaction();

    await recordApproval.execute(again, approved);

    expect(state.refundsOf(approved.returnId)).toHaveLength(1);
    expect(state.balanceOf(approved.customerId, 'EUR')).toBe(19002 + 1900);
    expect(again.events.ofType(RefundIssued)).toEqual([]);
    expect(again.events.published).toEqual([]);
  });
});
