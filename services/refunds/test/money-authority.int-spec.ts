/**
 * refunds as the authority on money, on real Kafka, Postgres and the sandbox provider: no line is
 * refunded past what was captured for it, and every instant refund ends settled or reversed — its
 * money charged back, or debited from store credit, when its return ends without the item.
 */
import {
  InspectionCompleted,
  OrderPlaced,
  PickupAbandoned,
  ReturnApproved,
  ReturnCancelled,
  ReturnExpired,
} from '@rebound/contracts';
import { waitUntil } from '@rebound/testing';
import {
  abandonmentOf,
  approvedReturn,
  cancellationOf,
  chargeOf,
  expiryOf,
  inspectionOf,
  orderOf,
  paidByCardAndGiftCard,
} from './support/fixtures';
import { useRefundsWorld } from './support/refunds-world';

jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

describe('money authority', () => {
  const world = useRefundsWorld('refunds-money');

  async function approve(overrides: Partial<ReturnApproved> = {}): Promise<ReturnApproved> {
    const approved = approvedReturn(overrides);
    await world().publish(ReturnApproved, approved, approved.returnId);
    return approved;
  }

  const byPhase = (body: Json, phase: string) => body.items.find((item: Json) => item.phase === phase);
  const inState = (phase: string, state: string) => (body: Json) => byPhase(body, phase)?.state === state;
  const types = (returnId: string) =>
    world()
      .refundEvents(returnId)
      .map((event) => event.type);
  const ledger = async (orderId: string) =>
    world().schema.query<{ line_id: string; refunded: string }>(
      `SELECT line_id, sum(amount_minor)::text AS refunded FROM ledger_entries WHERE order_id = $1
        GROUP BY line_id ORDER BY line_id`,
      [orderId],
    );

  it('never refunds a line past what the order’s payments captured for it, even as store credit', async () => {
    const approved = approvedReturn();
    const [jacket, scarf] = approved.lines;
    // Only 100.00 of the jackets' 179.98 was captured (the rest was paid with a voucher Rebound does not refund).
    await approve({
      ...approved,
      refundMethod: 'store_credit',
      storeCreditBonusPercent: 0,
      lines: [{ ...jacket, charges: [{ chargeId: chargeOf(approved.orderId), amountMinor: 10_000 }] }, scarf],
    });
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the store credit', inState('final', 'succeeded'));
    // Jacket: 179.98 − 5.00 restocking, capped at the 100.00 captured, − 4.95 shipping; scarf: 19.99.
    expect(byPhase(body, 'final')).toMatchObject({ method: 'store_credit', amountMinor: 9505 + 1999 });
    expect(await ledger(approved.orderId)).toEqual([
      { line_id: 'jacket', refunded: '9505' },
      { line_id: 'scarf', refunded: '1999' },
    ]);
  });

  it('pays back to the charges the order’s payments name, when the approval names none', async () => {
    const approved = approvedReturn();
    await world().publish(OrderPlaced, orderOf(approved), approved.orderId);
    await waitUntil('the order’s captures kept', async () => {
      const rows = await world().schema.query('SELECT 1 FROM captured_charges WHERE order_id = $1', [approved.orderId]);
      return rows.length === 2;
    });
    await approve({ ...approved, lines: approved.lines.map(({ charges: _charges, ...line }) => line) });
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the refund paid', inState('final', 'succeeded'));
    expect(byPhase(body, 'final')).toMatchObject({ method: 'original_payment', amountMinor: 19002 });
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 19002, status: 'succeeded' }),
    ]);
  });

  it('charges back an instant refund when its return is cancelled, so the line can be returned and refunded again, never twice', async () => {
    const first = await approve({ instantRefund: true });
    await world().refundsOnceThey(first.returnId, 'the instant refund', inState('instant', 'succeeded'));

    await world().publish(ReturnCancelled, cancellationOf(first), first.returnId);
    const reversed = await world().refundsOnceThey(first.returnId, 'the claw-back', inState('clawback', 'succeeded'));
    const clawback = byPhase(reversed, 'clawback');
    expect(clawback).toMatchObject({
      method: 'original_payment',
      amountMinor: 19002,
      reverses: byPhase(reversed, 'instant').refundId,
      reversalReason: 'cancelled',
    });
    expect(byPhase(reversed, 'instant')).toMatchObject({ state: 'succeeded', reversalReason: 'cancelled' });
    const charged = await world().providerCharges(chargeOf(first.orderId));
    expect(charged).toEqual([expect.objectContaining({ amountMinor: 19002, status: 'succeeded' })]);
    expect(reversed.refundedMinor).toBe(0);
    await world().waitForRefundEvents(first.returnId, 'the claw-back announced', (events) =>
      events.some((event) => event.type === 'ClawbackCollected'),
    );
    expect(types(first.returnId)).toEqual(['RefundIssued', 'RefundReversed', 'ClawbackCollected']);
    expect(await ledger(first.orderId)).toEqual([
      { line_id: 'jacket', refunded: '0' },
      { line_id: 'scarf', refunded: '0' },
    ]);

    // The same lines, returned again: refunded again, partly to the charge the claw-back collected.
    const again = await approve({ orderId: first.orderId, instantRefund: true });
    const paid = await world().refundsOnceThey(again.returnId, 'the second refund', inState('instant', 'succeeded'));
    const parts = byPhase(paid, 'instant').payments;
    expect(parts.reduce((sum: number, part: Json) => sum + part.amountMinor, 0)).toBe(19002);
    expect(parts.map((part: Json) => part.chargeId)).toContain(charged[0].chargeId);
    // A third return of the jackets finds only what the first two kept as fees left of the capture.
    const [jacket] = first.lines;
    const third = await approve({
      orderId: first.orderId,
      lines: [{ ...jacket, restockingFeeMinor: 0 }],
      fees: { restockingFeeMinor: 0, returnShippingFeeMinor: 0 },
      expectedRefundMinor: 2 * 8999,
    });
    await world().publish(InspectionCompleted, inspectionOf(third), third.returnId);
    const last = await world().refundsOnceThey(third.returnId, 'the third refund', inState('final', 'succeeded'));
    expect(byPhase(last, 'final').amountMinor).toBe(2 * 8999 - 17003);
    expect(await ledger(first.orderId)).toEqual([
      { line_id: 'jacket', refunded: String(2 * 8999) },
      { line_id: 'scarf', refunded: '1999' },
    ]);
  });

  it('charges a declined claw-back again when ops retry it, announced as such', async () => {
    const approved = await approve({ instantRefund: true });
    await world().refundsOnceThey(approved.returnId, 'the instant refund', inState('instant', 'succeeded'));
    await world().script(chargeOf(approved.orderId), ['fail_permanent']);
    await world().publish(ReturnCancelled, cancellationOf(approved), approved.returnId);
    const declined = await world().refundsOnceThey(
      approved.returnId,
      'the claw-back declined',
      inState('clawback', 'failed'),
    );

    const clawbackId = byPhase(declined, 'clawback').refundId;
    const retried = await world().http('POST', `/v1/refunds/${clawbackId}/retry`, {
      reason: 'the customer updated the card',
    });
    expect(retried.status).toBe(200);
    await world().refundsOnceThey(approved.returnId, 'the claw-back collected', inState('clawback', 'succeeded'));
    await world().waitForRefundEvents(approved.returnId, 'the claw-back collected', (events) =>
      events.some((event) => event.type === 'ClawbackCollected'),
    );
    expect(types(approved.returnId)).toEqual([
      'RefundIssued',
      'RefundReversed',
      'ClawbackFailed',
      'ClawbackRetried',
      'ClawbackCollected',
    ]);
    const charged = await world().providerCharges(chargeOf(approved.orderId));
    expect(charged.map((charge: Json) => charge.status)).toEqual(['declined', 'succeeded']);
    const fallBack = await world().http('POST', `/v1/refunds/${clawbackId}/fall-back-to-store-credit`, { reason: 'x' });
    expect(fallBack.status).toBe(409);
  });

  /** An instant refund of a jacket paid by card and a scarf paid by gift card: the gift card declines, ops fall it back. */
  async function paidInPartThenFallenBack() {
    const { approved, card, gift } = paidByCardAndGiftCard({ instantRefund: true });
    await world().script(gift, ['fail_permanent']);
    await approve(approved);
    const failed = await world().refundsOnceThey(
      approved.returnId,
      'the gift card declined',
      inState('instant', 'failed'),
    );
    const fallBack = await world().http(
      'POST',
      `/v1/refunds/${byPhase(failed, 'instant').refundId}/fall-back-to-store-credit`,
      {
        reason: 'the gift card is closed',
      },
    );
    expect(fallBack.body).toMatchObject({ method: 'store_credit', amountMinor: 1999 });
    return { approved, card, gift };
  }

  it('takes back both what the card part paid and the store credit ops fell the rest back to, when the return is cancelled', async () => {
    const { approved, card } = await paidInPartThenFallenBack();

    await world().publish(ReturnCancelled, cancellationOf(approved), approved.returnId);
    const body = await world().refundsOnceThey(
      approved.returnId,
      'both claw-backs',
      (refunds: Json) =>
        refunds.items.filter((item: Json) => item.phase === 'clawback' && item.state === 'succeeded').length === 2,
    );
    const clawbacks = body.items.filter((item: Json) => item.phase === 'clawback');
    expect(clawbacks.map((item: Json) => [item.method, item.amountMinor]).sort()).toEqual([
      ['original_payment', 17003],
      ['store_credit', 1999],
    ]);
    expect(await world().providerCharges(card)).toEqual([
      expect.objectContaining({ amountMinor: 17003, status: 'succeeded' }),
    ]);
    expect(await ledger(approved.orderId)).toEqual([
      { line_id: 'jacket', refunded: '0' },
      { line_id: 'scarf', refunded: '0' },
    ]);
  });

  it('settles an instant refund that paid in part and was fallen back to store credit by what both paid', async () => {
    const { approved, card } = await paidInPartThenFallenBack();

    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);
    await world().waitForRefundEvents(approved.returnId, 'the settlement', (events) =>
      events.some((event) => event.type === 'RefundAdjusted'),
    );
    const adjusted = world()
      .refundEvents(approved.returnId)
      .find((event) => event.type === 'RefundAdjusted');
    expect(adjusted?.data).toMatchObject({ kind: 'none', adjustmentMinor: 0, refundableMinor: 19002 });
    const body = (await world().http('GET', `/v1/returns/${approved.returnId}/refunds`)).body;
    expect(body.items.map((item: Json) => item.phase)).not.toContain('final');
    expect(await world().providerRefunds(card)).toEqual([
      expect.objectContaining({ amountMinor: 17003, status: 'succeeded' }),
    ]);
    expect(await ledger(approved.orderId)).toEqual([
      { line_id: 'jacket', refunded: '17003' },
      { line_id: 'scarf', refunded: '1999' },
    ]);
  });

  it('debits an instant store-credit refund, bonus included, when the return expires', async () => {
    const approved = await approve({ instantRefund: true, refundMethod: 'store_credit', storeCreditBonusPercent: 10 });
    await world().refundsOnceThey(approved.returnId, 'the instant store credit', inState('instant', 'succeeded'));

    await world().publish(ReturnExpired, expiryOf(approved), approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the debit', inState('clawback', 'succeeded'));
    expect(byPhase(body, 'clawback')).toMatchObject({ method: 'store_credit', amountMinor: 19002 + 1900 });
    await world().waitForRefundEvents(approved.returnId, 'the claw-back announced', (events) =>
      events.some((event) => event.type === 'ClawbackCollected'),
    );
    expect(
      world()
        .refundEvents(approved.returnId)
        .find((event) => event.type === 'ClawbackCollected')?.data,
    ).toMatchObject({
      reason: 'expired',
      collectedMinor: 20902,
      outstandingMinor: 0,
    });
  });

  it('reverses an instant refund when the pickup is abandoned', async () => {
    const approved = await approve({ instantRefund: true });
    await world().refundsOnceThey(approved.returnId, 'the instant refund', inState('instant', 'succeeded'));

    await world().publish(PickupAbandoned, abandonmentOf(approved), approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the claw-back', inState('clawback', 'succeeded'));
    expect(byPhase(body, 'clawback')).toMatchObject({ reversalReason: 'abandoned', amountMinor: 19002 });
    expect(await world().providerCharges(chargeOf(approved.orderId))).toHaveLength(1);
  });

  it('reverses an instant refund when the abandonment of its pickup was read before its approval', async () => {
    const approved = approvedReturn({ instantRefund: true });
    const abandonmentId = await world().publish(PickupAbandoned, abandonmentOf(approved), approved.returnId);
    await waitUntil(
      'the abandonment parked',
      async () =>
        (await world().schema.query('SELECT 1 FROM parked_event WHERE event_id = $1', [abandonmentId])).length === 1,
    );

    await world().publish(ReturnApproved, approved, approved.returnId);

    // Reversed before it was paid (cancelled), or once paid (charged back): either way nothing stays paid.
    const reversed = (body: Json) => {
      const instant = byPhase(body, 'instant');
      return (
        instant?.reversalReason === 'abandoned' &&
        (instant.state === 'cancelled' || byPhase(body, 'clawback')?.state === 'succeeded')
      );
    };
    await world().refundsOnceThey(approved.returnId, 'the instant refund reversed', reversed);
    const total = (calls: Json[]) =>
      calls.filter((call) => call.status === 'succeeded').reduce((sum, call) => sum + call.amountMinor, 0);
    const charge = chargeOf(approved.orderId);
    expect(total(await world().providerRefunds(charge))).toBe(total(await world().providerCharges(charge)));
    expect(await world().schema.query('SELECT 1 FROM parked_event WHERE event_id = $1', [abandonmentId])).toEqual([]);
  });

  it('counts only what an instant refund paid: a declined one is cancelled and inspection pays it all', async () => {
    const approved = approvedReturn({ instantRefund: true });
    await world().script(chargeOf(approved.orderId), ['fail_permanent']);
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().refundsOnceThey(approved.returnId, 'the instant refund declined', inState('instant', 'failed'));

    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);
    const body = await world().refundsOnceThey(approved.returnId, 'the final refund', inState('final', 'succeeded'));
    expect(byPhase(body, 'instant')).toMatchObject({ state: 'cancelled' });
    expect(byPhase(body, 'final')).toMatchObject({ amountMinor: 19002 });
    expect(body.refundedMinor).toBe(19002);
    const paid = await world().providerRefunds(chargeOf(approved.orderId));
    expect(paid.map((refund: Json) => refund.status)).toEqual(['declined', 'succeeded']);
    expect(
      (await world().http('POST', `/v1/refunds/${byPhase(body, 'instant').refundId}/retry`, { reason: 'x' })).status,
    ).toBe(409);
  });

  it('reverses an instant refund whose payment was in flight when the return was cancelled, once the provider says it paid', async () => {
    const approved = approvedReturn({ instantRefund: true });
    await world().script(chargeOf(approved.orderId), ['timeout_after_apply']);
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().refundsOnceThey(
      approved.returnId,
      'the instant refund’s outcome unknown',
      (body) => byPhase(body, 'instant')?.paymentAttempts.length > 0,
    );

    await world().publish(ReturnCancelled, cancellationOf(approved), approved.returnId);
    const body = await world().refundsOnceThey(approved.returnId, 'the claw-back', inState('clawback', 'succeeded'));
    expect(byPhase(body, 'instant')).toMatchObject({ state: 'succeeded', reversalReason: 'cancelled' });
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toHaveLength(1);
    expect(await world().providerCharges(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 19002, status: 'succeeded' }),
    ]);
  });

  it('charges back what inspection found missing after an instant refund', async () => {
    const approved = await approve({ instantRefund: true });
    await world().refundsOnceThey(approved.returnId, 'the instant refund', inState('instant', 'succeeded'));

    // The jackets never arrived: the scarf's 19.99 − 4.95 shipping is all that was refundable.
    await world().publish(
      InspectionCompleted,
      inspectionOf(approved, { jacket: { grade: 'A', fraction: 1, received: 0 } }),
      approved.returnId,
    );
    const body = await world().refundsOnceThey(approved.returnId, 'the claw-back', inState('clawback', 'succeeded'));
    expect(byPhase(body, 'clawback')).toMatchObject({ amountMinor: 19002 - 1504, reversalReason: 'inspection' });
    expect(byPhase(body, 'instant').adjustment).toMatchObject({ kind: 'charge_request', adjustmentMinor: 17498 });
    expect(body.refundedMinor).toBe(1504);
    expect(await world().providerCharges(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 17498, status: 'succeeded' }),
    ]);
    expect(await ledger(approved.orderId)).toEqual([
      { line_id: 'jacket', refunded: '0' },
      { line_id: 'scarf', refunded: '1504' },
    ]);
  });
});
