import { ClawbackFailed, RefundAdjusted, StoreCreditIssued } from '@rebound/contracts';
import { TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../../../test/fakes/in-memory-refunds';
import {
  approvedReturn,
  exchangeResolution,
  exchangeOrderRequestedFor,
  inspectionOf,
  withResolutions,
} from '../../../../test/support/fixtures';
import { ApprovalNotYetRead, ExchangeNotYetResolved } from '../../refusals';
import { ChangeLineResolution } from '../change-line-resolution/change-line-resolution';
import { ClaimDuePayment } from '../claim-due-payment/claim-due-payment';
import { RecordPaymentOutcome } from '../record-payment-outcome/record-payment-outcome';
import { SettleExchange } from '../settle-exchange/settle-exchange';
import { RecordApproval } from '../record-approval/record-approval';
import { ReverseInstantRefund } from '../reverse-instant-refund/reverse-instant-refund';
import { SettleInspection } from './settle-inspection';

const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));

async function approvedIn(state: InMemoryRefundsState, ...overrides: Parameters<typeof approvedReturn>) {
  const approved = approvedReturn(...overrides);
  await new RecordApproval(clock).execute(state.transaction(), approved);
  return approved;
}

describe('SettleInspection', () => {
  it('waits until every exchanged line has its replacement requested, then settles the exchange with the grades', async () => {
    const state = new InMemoryRefundsState();
    const approved = approvedReturn();
    const exchanging = withResolutions(approved, {
      jacket: exchangeResolution(approved.lines[0], { unitPriceMinor: 8749 }),
    });
    await new RecordApproval(clock).execute(state.transaction(), exchanging);
    const inspection = inspectionOf(exchanging, { jacket: { grade: 'C', fraction: 0.5 } });

    await expect(new SettleInspection(clock).execute(state.transaction(), inspection)).rejects.toBeInstanceOf(
      ExchangeNotYetResolved,
    );
    expect(state.settlements.size).toBe(0);

    await new SettleExchange(clock).execute(state.transaction(), exchangeOrderRequestedFor(exchanging));
    await new SettleInspection(clock).execute(state.transaction(), inspection);

    const byPhase = (phase: string) => state.refundsOf(approved.returnId).find((refund) => refund.phase === phase);
    // The jackets at half give 89.99 (the fee waived) towards 174.98 of replacements; the scarf pays the shipping fee.
    expect(byPhase('exchange')).toMatchObject({ amountMinor: 8999 });
    expect(byPhase('collection')).toMatchObject({ amountMinor: 17498 - 8999 });
    expect(byPhase('final')).toMatchObject({ amountMinor: 1999 - 495 });
  });

  it('waits, for an instant exchange too, until a line whose reservation failed is a refund, then refunds it as graded', async () => {
    const state = new InMemoryRefundsState();
    const approved = approvedReturn({ instantExchange: true });
    const exchanging = withResolutions(approved, {
      jacket: exchangeResolution(approved.lines[0], { unitPriceMinor: 8749 }),
    });
    await new RecordApproval(clock).execute(state.transaction(), exchanging);
    const inspection = inspectionOf(exchanging, { jacket: { grade: 'C', fraction: 0.5 } });

    await expect(new SettleInspection(clock).execute(state.transaction(), inspection)).rejects.toBeInstanceOf(
      ExchangeNotYetResolved,
    );
    await new ChangeLineResolution().execute(state.transaction(), {
      returnId: approved.returnId,
      lineId: 'jacket',
      resolution: { kind: 'refund' },
    });
    await new SettleInspection(clock).execute(state.transaction(), inspection);

    // Jackets at half: 89.99 − 5.00; the scarf 19.99; the shipping fee 4.95 once.
    expect(state.refundsOf(approved.returnId)).toEqual([
      expect.objectContaining({ phase: 'final', amountMinor: 8999 - 500 + 1999 - 495 }),
    ]);
  });

  it('refunds an expired instant exchange’s lines once its charge-back is decided, within what it gave back: nothing when it failed', async () => {
    const state = new InMemoryRefundsState();
    const approved = approvedReturn({ instantExchange: true });
    // As returns-intake approves an exchanged line: no restocking fee withheld.
    const jacket = { ...approved.lines[0], restockingFeeMinor: 0 };
    const exchanging = withResolutions(
      { ...approved, lines: [jacket, approved.lines[1]] },
      { jacket: exchangeResolution(jacket, { unitPriceMinor: 8999 }) },
    );
    await new RecordApproval(clock).execute(state.transaction(), exchanging);
    await new SettleExchange(clock).execute(state.transaction(), exchangeOrderRequestedFor(exchanging));
    await new ReverseInstantRefund(clock).execute(state.transaction(), {
      returnId: approved.returnId,
      reason: 'expired',
    });
    expect((await state.transaction().approvals.approvalOf(approved.returnId))?.lines[0].resolution).toEqual({
      kind: 'refund',
    });

    // The parcel turns up after all while the charge-back is being collected: the inspection waits.
    const inspection = inspectionOf(exchanging);
    await expect(new SettleInspection(clock).execute(state.transaction(), inspection)).rejects.toBeInstanceOf(
      ExchangeNotYetResolved,
    );
    const clawback = state.refundsOf(approved.returnId).find((refund) => refund.phase === 'clawback');
    state.refunds.set(clawback!.refundId, { ...clawback!, state: 'failed' });
    await new SettleInspection(clock).execute(state.transaction(), inspection);

    // The jackets' capture still pays for their replacements: only the scarf is refunded, less the shipping fee.
    expect(state.refundsOf(approved.returnId).filter((refund) => refund.phase === 'final')).toEqual([
      expect.objectContaining({ amountMinor: 1999 - 495 }),
    ]);
  });

  /** An instant refund paid to the card, then reversed because the pickup was abandoned: the card is being charged back. */
  async function abandonedAfterItsInstantRefund(
    state: InMemoryRefundsState,
    ...overrides: Parameters<typeof approvedReturn>
  ) {
    const approved = await approvedIn(state, { instantRefund: true, ...overrides[0] });
    const [instant] = state.refundsOf(approved.returnId);
    state.refunds.set(instant.refundId, { ...instant, state: 'succeeded' });
    for (const part of state.partsOf(instant.refundId)) {
      await state.transaction().refunds.updatePayment({ ...part, state: 'succeeded', providerReference: 'sbx_re_1' });
    }
    await new ReverseInstantRefund(clock).execute(state.transaction(), {
      returnId: approved.returnId,
      reason: 'abandoned',
    });
    return approved;
  }

  /** The payment worker records the card's decline of the claw-back. */
  async function clawbackDeclined(state: InMemoryRefundsState) {
    const settings = { maxAttempts: 2, backoff: { initialDelayMs: 1000, maxDelayMs: 1000 }, leaseMs: 30_000 };
    const claimed = await new ClaimDuePayment(clock, settings).execute(state.transaction());
    const [part] = claimed!.pendingParts;
    const tx = state.transaction();
    await new RecordPaymentOutcome(clock, settings).execute(tx, {
      claimed: claimed!.refund,
      attempts: [],
      paid: [{ part, answer: { outcome: 'declined', reason: 'card closed', answer: null } }],
    });
    return tx;
  }

  it('does not pay again what the customer kept of an instant refund whose claw-back the card declined, when the abandoned return is inspected after all', async () => {
    const state = new InMemoryRefundsState();
    // 100.00 paid to the card at once, of the 190.02 the return is worth.
    const approved = await abandonedAfterItsInstantRefund(state, { expectedRefundMinor: 10000 });

    // The parcel turns up after all while the card is being charged: the settlement waits for the charge.
    await new SettleInspection(clock).execute(state.transaction(), inspectionOf(approved));
    expect(state.settlements.get(approved.returnId)).toMatchObject({ refundableMinor: 19002, appliedAt: null });
    expect(state.refundsOf(approved.returnId).filter((refund) => refund.phase === 'final')).toEqual([]);
    const tx = await clawbackDeclined(state);

    // The card kept its 100.00: the final refund pays only the rest of what inspection found.
    expect(tx.events.ofType(ClawbackFailed)).toEqual([expect.objectContaining({ amountMinor: 10000 })]);
    expect(state.refundsOf(approved.returnId).filter((refund) => refund.phase === 'final')).toEqual([
      expect.objectContaining({ amountMinor: 19002 - 10000, state: 'pending' }),
    ]);
    expect(state.settlements.get(approved.returnId)?.appliedAt).not.toBeNull();
  });

  it('never charges a second time a customer whose claw-back was declined when inspection finds less than they kept', async () => {
    const state = new InMemoryRefundsState();
    const approved = await abandonedAfterItsInstantRefund(state);
    await clawbackDeclined(state);
    const tx = state.transaction();

    // One jacket came back, graded C: 55.04 of the 190.02 the card kept.
    await new SettleInspection(clock).execute(
      tx,
      inspectionOf(approved, { jacket: { grade: 'C', fraction: 0.5, received: 1 } }),
    );

    // What the customer owes stays with the declined claw-back, for ops: nothing is charged on top, nothing paid.
    expect(tx.events.ofType(RefundAdjusted)).toEqual([
      expect.objectContaining({ kind: 'charge_request', adjustmentMinor: 19002 - 5504, refundableMinor: 5504 }),
    ]);
    expect(
      state.refundsOf(approved.returnId).map((refund) => [refund.phase, refund.state, refund.amountMinor]),
    ).toEqual([
      ['instant', 'succeeded', 19002],
      ['clawback', 'failed', 19002],
    ]);
  });

  it('waits for the approval when the inspection is read first', async () => {
    const state = new InMemoryRefundsState();
    const inspection = inspectionOf(approvedReturn());

    await expect(new SettleInspection(clock).execute(state.transaction(), inspection)).rejects.toBeInstanceOf(
      ApprovalNotYetRead,
    );
    expect(state.settlements.size).toBe(0);
  });

  it('refunds what the inspection found refundable by a final refund', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedIn(state);

    await new SettleInspection(clock).execute(state.transaction(), inspectionOf(approved));

    expect(state.refundsOf(approved.returnId)).toEqual([
      expect.objectContaining({ phase: 'final', amountMinor: 19002, state: 'pending' }),
    ]);
  });

  it('settles a return once, however often the inspection is read', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedIn(state);
    const settleInspection = new SettleInspection(clock);
    await settleInspection.execute(state.transaction(), inspectionOf(approved));

    await settleInspection.execute(state.transaction(), inspectionOf(approved));

    expect(state.refundsOf(approved.returnId)).toHaveLength(1);
  });

  it('takes back from store credit what an instant refund paid beyond what inspection found, bonus included', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedIn(state, { instantRefund: true, refundMethod: 'store_credit' });
    const tx = state.transaction();

    // The jackets come back worth half: 89.99 less; the bonus on it goes too.
    await new SettleInspection(clock).execute(tx, inspectionOf(approved, { jacket: { grade: 'C', fraction: 0.5 } }));

    expect(tx.events.ofType(RefundAdjusted)).toEqual([
      expect.objectContaining({ kind: 'store_credit_debit', adjustmentMinor: 9899, refundableMinor: 10003 }),
    ]);
    // What is left is the refundable amount with its own bonus.
    expect(state.balanceOf(approved.customerId, 'EUR')).toBe(10003 + 1000);
    expect(tx.events.ofType(StoreCreditIssued)).toEqual([]);
  });

  it('keeps the settlement for later while the instant refund is still being paid', async () => {
    const state = new InMemoryRefundsState();
    const approved = await approvedIn(state, { instantRefund: true });
    const [instant] = state.refundsOf(approved.returnId);
    state.refunds.set(instant.refundId, { ...instant, state: 'processing' });

    await new SettleInspection(clock).execute(state.transaction(), inspectionOf(approved));

    expect(state.settlements.get(approved.returnId)).toMatchObject({ refundableMinor: 19002, appliedAt: null });
    expect(state.refundsOf(approved.returnId)).toHaveLength(1);
  });
});
