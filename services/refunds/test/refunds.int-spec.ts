/**
 * Refunds on real Kafka, Postgres and the sandbox payment provider: the amount an inspection makes
 * refundable, paid once to the original payment method or as store credit, retried through the
 * provider's failures, and instant refunds reconciled.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { InspectionCompleted, PickupAbandoned, ReturnApproved } from '@rebound/contracts';
import { createLogger } from '@rebound/observability';
import { RetentionJob } from '@rebound/persistence';
import { fullScansIn, waitUntil } from '@rebound/testing';
import { refundsRetention } from '../src/persistence/retention';
import { abandonmentOf, approvedReturn, chargeOf, inspectionOf, paidByCardAndGiftCard } from './support/fixtures';
import { useRefundsWorld } from './support/refunds-world';

jest.setTimeout(60_000);

describe('refunds', () => {
  const world = useRefundsWorld('refunds');

  async function approve(overrides: Partial<ReturnApproved> = {}): Promise<ReturnApproved> {
    const approved = approvedReturn(overrides);
    await world().publish(ReturnApproved, approved, approved.returnId);
    return approved;
  }

  const ops = { reason: 'the customer asked support' };
  /** The header of Anna, an operator signed in through the ops console's client. */
  const anna = () =>
    world().issuer.authorization({ subject: 'ops-anna', clientId: 'rebound-ops', permissions: ['refunds:operate'] });

  const succeeded = (body: { items: { state: string; phase: string }[] }, phase = 'final') =>
    body.items.some((item) => item.phase === phase && item.state === 'succeeded');

  it('pays what the inspection made refundable to the original payment method once, however often the inspection arrives', async () => {
    const approved = await approve();
    const inspection = inspectionOf(approved);
    const id = await world().publish(InspectionCompleted, inspection, approved.returnId);
    await world().publish(InspectionCompleted, inspection, approved.returnId, { id });
    await world().publish(InspectionCompleted, inspection, approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the refund paid', succeeded);
    // 2 × 89.99 − 5.00 restocking + 19.99 − 4.95 shipping.
    expect(body.items).toEqual([
      expect.objectContaining({ phase: 'final', method: 'original_payment', amountMinor: 19002, attempts: 1 }),
    ]);
    await world().waitForRefundEvents(approved.returnId, 'RefundIssued', (events) => events.length >= 1);
    const paid = await world().providerRefunds(chargeOf(approved.orderId));
    expect(paid).toEqual([expect.objectContaining({ amountMinor: 19002, status: 'succeeded' })]);
    expect(body.items[0].providerReference).toBe(paid[0].refundId);
    const metrics = await (await fetch(`${world().app.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/rebound_refunds\{method="original_payment",state="succeeded"\} [1-9]/);
    expect(world().refundEvents(approved.returnId)).toEqual([
      expect.objectContaining({
        type: 'RefundIssued',
        data: expect.objectContaining({ amountMinor: 19002, phase: 'final', providerReference: paid[0].refundId }),
      }),
    ]);
  });

  it('parks an inspection read before its approval and pays it once the approval arrives, however late', async () => {
    const approved = approvedReturn();
    const inspectionId = await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);
    const parked = () =>
      world().schema.query<{ attempts: number }>('SELECT attempts FROM parked_event WHERE event_id = $1', [
        inspectionId,
      ]);
    await waitUntil('the inspection parked', async () => (await parked()).length === 1);
    const metrics = await (await fetch(`${world().app.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^rebound_consumer_parked_events [1-9]/m);
    // Longer than the consumer's retries in place, after which the inspection used to be dead-lettered.
    await sleep(4_000);
    expect(await parked()).toHaveLength(1);

    await world().publish(ReturnApproved, approved, approved.returnId);
    const body = await world().refundsOnceThey(approved.returnId, 'the refund paid', succeeded);
    expect(body.items).toEqual([expect.objectContaining({ phase: 'final', amountMinor: 19002 })]);
    expect(await parked()).toEqual([]);
    expect(await world().schema.query('SELECT outcome FROM inbox WHERE event_id = $1', [inspectionId])).toEqual([
      { outcome: 'applied' },
    ]);
    await world().waitForRefundEvents(approved.returnId, 'RefundIssued', (events) => events.length >= 1);
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 19002, status: 'succeeded' }),
    ]);
  });

  it('refunds a C grade in part, rounding half up, and takes each fee as the approval decided it', async () => {
    const approved = await approve({
      lines: [{ ...approvedReturn().lines[1], lineId: 'scarf', quantity: 1, unitPriceMinor: 1999 }],
      fees: { restockingFeeMinor: 0, returnShippingFeeMinor: 495 },
    });
    await world().publish(
      InspectionCompleted,
      inspectionOf(approved, { scarf: { grade: 'C', fraction: 0.5 } }),
      approved.returnId,
    );

    const body = await world().refundsOnceThey(approved.returnId, 'the partial refund', succeeded);
    // 19.99 × 0.5 = 9.995 → 10.00, less 4.95 shipping.
    expect(body.items[0].amountMinor).toBe(505);
  });

  it('pays store credit at once, with the policy’s bonus, without calling the provider', async () => {
    const approved = await approve({ refundMethod: 'store_credit', storeCreditBonusPercent: 10 });
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the store credit', succeeded);
    expect(body.items[0]).toMatchObject({ method: 'store_credit', amountMinor: 19002, bonusMinor: 1900, attempts: 0 });
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toEqual([]);
    await world().waitForRefundEvents(approved.returnId, 'StoreCreditIssued', (events) => events.length === 1);
    expect(world().refundEvents(approved.returnId)[0]).toMatchObject({
      type: 'StoreCreditIssued',
      data: { amountMinor: 19002, bonusMinor: 1900, phase: 'final' },
    });
  });

  it('caps several returns of one order at what was paid for the line, net of earlier refunds', async () => {
    const first = approvedReturn();
    const scarves = { ...first.lines[1], quantity: 2, orderedQuantity: 3 };
    const fees = { restockingFeeMinor: 0, returnShippingFeeMinor: 0 };
    const earlier = await approve({ orderId: first.orderId, lines: [scarves], fees });
    await world().publish(InspectionCompleted, inspectionOf(earlier), earlier.returnId);
    await world().refundsOnceThey(earlier.returnId, 'the first return refunded', succeeded);
    // A second return claims two more scarves of the three ordered: only one is left to pay for.
    const later = await approve({ orderId: first.orderId, lines: [scarves], fees });
    await world().publish(InspectionCompleted, inspectionOf(later), later.returnId);

    const body = await world().refundsOnceThey(later.returnId, 'the second return refunded', succeeded);
    expect(body.items[0].amountMinor).toBe(1999);
    const order = (await world().http('GET', `/v1/orders/${first.orderId}/refunds`)).body;
    expect(order.refundedMinor).toBe(3 * 1999);
    expect(order.nextCursor).toBeNull();

    // Page by page: each refund once, oldest first, and every page says what the whole order refunded.
    const pages: { items: { refundId: string; returnId: string }[]; refundedMinor: number }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=1&cursor=${cursor}` : 'limit=1';
      const page = await world().http('GET', `/v1/orders/${first.orderId}/refunds?${query}`);
      pages.push(page.body);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.items.map((item) => item.returnId))).toEqual([
      [earlier.returnId],
      [later.returnId],
    ]);
    expect(pages.map((page) => page.refundedMinor)).toEqual([3 * 1999, 3 * 1999]);
    expect(pages.flatMap((page) => page.items.map((item) => item.refundId))).toEqual(
      order.items.map((item: { refundId: string }) => item.refundId),
    );
    const forged = Buffer.from(
      JSON.stringify({ createdAt: new Date().toISOString(), phase: 'final\u0000', refundId: randomUUID() }),
    ).toString('base64url');
    expect((await world().http('GET', `/v1/orders/${first.orderId}/refunds?cursor=${forged}`)).status).toBe(400);
    const tooMany = await world().http('GET', `/v1/orders/${first.orderId}/refunds?limit=101`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([
      expect.objectContaining({ field: 'limit', message: expect.stringContaining('100') }),
    ]);
  });

  it('retries transient provider failures with backoff and pays once it answers', async () => {
    const approved = approvedReturn();
    await world().script(chargeOf(approved.orderId), ['rate_limited', 'rate_limited']);
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the refund paid', succeeded);
    expect(body.items[0].attempts).toBe(3);
    expect(body.items[0].paymentAttempts.map((attempt: { outcome: string }) => attempt.outcome)).toEqual([
      'transient',
      'transient',
      'succeeded',
    ]);
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toHaveLength(1);
  });

  it('fails a declined refund and announces RefundFailed with the provider’s reason', async () => {
    const approved = approvedReturn();
    await world().script(chargeOf(approved.orderId), ['fail_permanent']);
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the refund failed', (refunds) =>
      refunds.items.some((item: { state: string }) => item.state === 'failed'),
    );
    const declined = `charge ${chargeOf(approved.orderId)}: the payment method can no longer receive refunds`;
    expect(body.items[0].lastError).toBe(declined);
    await world().waitForRefundEvents(approved.returnId, 'RefundFailed', (events) => events.length === 1);
    expect(world().refundEvents(approved.returnId)[0]).toMatchObject({
      type: 'RefundFailed',
      data: { amountMinor: 19002, attempts: 1, phase: 'final', reason: declined },
    });
  });

  it('needs attention once the attempts run out, shows the provider’s answers to ops only, and pays once ops retry', async () => {
    const approved = approvedReturn();
    await world().script(chargeOf(approved.orderId), ['rate_limited', 'rate_limited', 'rate_limited']);
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);

    const stuck = await world().refundsOnceThey(approved.returnId, 'the refund needing attention', (refunds) =>
      refunds.items.some((item: { state: string }) => item.state === 'needs_attention'),
    );
    const [refund] = stuck.items;
    expect(refund.paymentAttempts).toHaveLength(3);
    expect(refund.paymentAttempts[0].answer).toMatchObject({ status: 429, body: { title: 'Too many requests' } });
    const support = await world().issuer.authorization({ clientId: 'rebound-support', permissions: ['refunds:read'] });
    const seenBySupport = await world().http('GET', `/v1/refunds/${refund.refundId}`, undefined, support);
    expect(seenBySupport.body.paymentAttempts.map((attempt: { answer: unknown }) => attempt.answer)).toEqual([
      null,
      null,
      null,
    ]);
    const listed = (await world().http('GET', '/v1/refunds?state=needs_attention&limit=100')).body.items;
    expect(listed.map((item: { refundId: string }) => item.refundId)).toContain(refund.refundId);

    const retried = await world().http('POST', `/v1/refunds/${refund.refundId}/retry`, ops);
    expect(retried.status).toBe(200);
    const paid = await world().refundsOnceThey(approved.returnId, 'the retried refund paid', succeeded);
    expect(paid.items[0].paymentAttempts).toHaveLength(4);
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toHaveLength(1);
    expect((await world().http('POST', `/v1/refunds/${refund.refundId}/retry`, ops)).status).toBe(409);
  });

  it('resolves a call that timed out after the provider applied it by asking the provider, never paying twice', async () => {
    const approved = approvedReturn();
    await world().script(chargeOf(approved.orderId), ['timeout_after_apply']);
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the refund resolved', succeeded);
    expect(body.items[0].paymentAttempts.map((attempt: { call: string; outcome: string }) => attempt)).toEqual([
      expect.objectContaining({ call: 'refund', outcome: 'unknown' }),
      expect.objectContaining({ call: 'lookup', outcome: 'succeeded' }),
    ]);
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toHaveLength(1);
  });

  it('refunds at once on approval where allowed, then charges back what inspection did not make refundable', async () => {
    const approved = await approve({ instantRefund: true });
    const instant = await world().refundsOnceThey(approved.returnId, 'the instant refund', (refunds) =>
      succeeded(refunds, 'instant'),
    );
    expect(instant.items[0]).toMatchObject({ phase: 'instant', amountMinor: 19002 });

    // One of the two jackets came back, graded C: 45.00 − 5.00 + 19.99 − 4.95 = 55.04 is refundable.
    await world().publish(
      InspectionCompleted,
      inspectionOf(approved, { jacket: { grade: 'C', fraction: 0.5, received: 1 } }),
      approved.returnId,
    );
    const reconciled = await world().refundsOnceThey(approved.returnId, 'the claw-back collected', (refunds) =>
      succeeded(refunds, 'clawback'),
    );
    expect(reconciled.items).toHaveLength(2);
    expect(reconciled.items[0].adjustment).toMatchObject({
      kind: 'charge_request',
      refundableMinor: 5504,
      adjustmentMinor: 13498,
    });
    expect(reconciled.items[1]).toMatchObject({ phase: 'clawback', amountMinor: 13498, reversalReason: 'inspection' });
    expect(reconciled.refundedMinor).toBe(5504);
    await world().waitForRefundEvents(approved.returnId, 'ClawbackCollected', (events) =>
      events.some((event) => event.type === 'ClawbackCollected'),
    );
    expect(
      world()
        .refundEvents(approved.returnId)
        .map((event) => event.type),
    ).toEqual(['RefundIssued', 'RefundAdjusted', 'ClawbackCollected']);
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toHaveLength(1);
    expect(await world().providerCharges(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 13498, status: 'succeeded' }),
    ]);
  });

  it('refunds what inspection found, once, when a return whose instant refund was charged back after its pickup was abandoned is inspected after all', async () => {
    const approved = await approve({ instantRefund: true });
    await world().refundsOnceThey(approved.returnId, 'the instant refund', (refunds) => succeeded(refunds, 'instant'));
    // The card cannot be charged back for now: the claw-back needs ops.
    const card = chargeOf(approved.orderId);
    await world().script(card, ['rate_limited', 'rate_limited', 'rate_limited']);
    await world().publish(PickupAbandoned, abandonmentOf(approved), approved.returnId);
    const stuck = await world().refundsOnceThey(approved.returnId, 'the claw-back needing attention', (refunds) =>
      refunds.items.some(
        (item: { phase: string; state: string }) => item.phase === 'clawback' && item.state === 'needs_attention',
      ),
    );
    const clawback = stuck.items.find((item: { phase: string }) => item.phase === 'clawback');
    expect(clawback).toMatchObject({ amountMinor: 19002, reversalReason: 'abandoned' });

    // The partner reports the collection late: the parcel is inspected (twice) while the card is not charged back.
    const inspection = inspectionOf(approved);
    const id = await world().publish(InspectionCompleted, inspection, approved.returnId);
    await world().publish(InspectionCompleted, inspection, approved.returnId, { id });
    const settlement = () =>
      world().schema.query<{ applied: boolean }>(
        'SELECT applied_at IS NOT NULL AS applied FROM settlements WHERE return_id = $1',
        [approved.returnId],
      );
    await waitUntil('the settlement kept', async () => (await settlement()).length === 1);
    expect(await settlement()).toEqual([{ applied: false }]);
    expect((await world().http('POST', `/v1/refunds/${clawback.refundId}/retry`, ops)).status).toBe(200);

    const body = await world().refundsOnceThey(
      approved.returnId,
      'the final refund paid',
      (refunds) => succeeded(refunds, 'clawback') && succeeded(refunds),
    );
    // Charged back in full, the customer is refunded in full what inspection found: 190.02, once.
    expect(body.items.filter((item: { phase: string }) => item.phase === 'final')).toEqual([
      expect.objectContaining({ amountMinor: 19002 }),
    ]);
    expect(body.refundedMinor).toBe(19002);
    const [collected] = (await world().providerCharges(card)).filter(
      (charge: { status: string }) => charge.status === 'succeeded',
    );
    expect(collected).toMatchObject({ amountMinor: 19002 });
    const refunded = [...(await world().providerRefunds(card)), ...(await world().providerRefunds(collected.chargeId))];
    const total = (calls: { status: string; amountMinor: number }[]) =>
      calls.filter((call) => call.status === 'succeeded').reduce((sum, call) => sum + call.amountMinor, 0);
    expect(total(refunded) - collected.amountMinor).toBe(19002);
    await world().waitForRefundEvents(approved.returnId, 'the final refund announced', (events) =>
      events.some((event) => event.type === 'RefundIssued' && event.data['phase'] === 'final'),
    );
    expect(
      world()
        .refundEvents(approved.returnId)
        .filter((event) => event.type === 'RefundIssued')
        .map((event) => [event.data['phase'], event.data['amountMinor']]),
    ).toEqual([
      ['instant', 19002],
      ['final', 19002],
    ]);
  });

  it('pays an order paid by two charges back to each, with what each paid for the returned lines', async () => {
    const { approved, card, gift } = paidByCardAndGiftCard();
    await approve(approved);
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the refund paid', succeeded);
    const [refund] = body.items;
    // Jacket: 179.98 − 5.00 − 4.95 shipping = 170.03 back to the card; scarf: 19.99 back to the gift card.
    expect(refund.payments).toEqual([
      expect.objectContaining({ n: 1, idempotencyKey: `${refund.refundId}.1`, chargeId: card, amountMinor: 17003 }),
      expect.objectContaining({ n: 2, idempotencyKey: `${refund.refundId}.2`, chargeId: gift, amountMinor: 1999 }),
    ]);
    expect(await world().providerRefunds(card)).toEqual([
      expect.objectContaining({ amountMinor: 17003, status: 'succeeded' }),
    ]);
    expect(await world().providerRefunds(gift)).toEqual([
      expect.objectContaining({ amountMinor: 1999, status: 'succeeded' }),
    ]);
    await world().waitForRefundEvents(approved.returnId, 'RefundIssued', (events) => events.length >= 1);
    expect(world().refundEvents(approved.returnId)[0].data).toMatchObject({
      amountMinor: 19002,
      charges: [
        { chargeId: card, amountMinor: 17003 },
        { chargeId: gift, amountMinor: 1999 },
      ],
    });
  });

  async function declinedForGood(): Promise<{ approved: ReturnApproved; refundId: string }> {
    const approved = approvedReturn();
    await world().script(chargeOf(approved.orderId), ['fail_permanent']);
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);
    const failed = await world().refundsOnceThey(approved.returnId, 'the refund declined', (refunds) =>
      refunds.items.some((item: { state: string }) => item.state === 'failed'),
    );
    return { approved, refundId: failed.items[0].refundId };
  }

  it('pays a refund declined for good once ops retry it, under a new key, audited and announced', async () => {
    const { approved, refundId } = await declinedForGood();

    const retried = await world().http('POST', `/v1/refunds/${refundId}/retry`, ops, await anna());
    expect(retried.status).toBe(200);
    expect(retried.body.actions).toEqual([
      expect.objectContaining({ action: 'retry', operatorId: 'ops-anna', reason: ops.reason }),
    ]);
    const body = await world().refundsOnceThey(approved.returnId, 'the retried refund paid', succeeded);
    expect(body.items[0].payments).toEqual([
      expect.objectContaining({ idempotencyKey: `${refundId}.1`, state: 'retried' }),
      expect.objectContaining({ idempotencyKey: `${refundId}.2`, state: 'succeeded', amountMinor: 19002 }),
    ]);
    const charged = await world().providerRefunds(chargeOf(approved.orderId));
    expect(charged.map((refund: { status: string }) => refund.status)).toEqual(['declined', 'succeeded']);
    await world().waitForRefundEvents(approved.returnId, 'RefundIssued', (events) =>
      events.some((event) => event.type === 'RefundIssued'),
    );
    expect(
      world()
        .refundEvents(approved.returnId)
        .map((event) => [event.type, event.data['operatorId']]),
    ).toEqual([
      ['RefundFailed', undefined],
      ['RefundRetried', 'ops-anna'],
      ['RefundIssued', undefined],
    ]);

    const again = await world().http('POST', `/v1/refunds/${refundId}/retry`, ops);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: 'https://rebound.dev/problems/refund-not-actionable',
      detail: `refund ${refundId} is succeeded; only a failed refund or one that needs attention can be retried`,
    });
  });

  it('pays a refund declined twice once, however many times ops retry it', async () => {
    const approved = approvedReturn();
    await world().script(chargeOf(approved.orderId), ['fail_permanent', 'fail_permanent']);
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);
    const failed = (refunds: { items: { state: string; payments: unknown[] }[] }, parts: number) =>
      refunds.items[0]?.state === 'failed' && refunds.items[0].payments.length === parts;
    const first = await world().refundsOnceThey(approved.returnId, 'the first decline', (refunds) =>
      failed(refunds, 1),
    );
    const refundId = first.items[0].refundId;

    expect((await world().http('POST', `/v1/refunds/${refundId}/retry`, ops)).status).toBe(200);
    await world().refundsOnceThey(approved.returnId, 'the second decline', (refunds) => failed(refunds, 2));
    expect((await world().http('POST', `/v1/refunds/${refundId}/retry`, ops)).status).toBe(200);

    const body = await world().refundsOnceThey(approved.returnId, 'the refund paid', succeeded);
    expect(body.items[0].payments.map((part: { n: number; state: string }) => [part.n, part.state])).toEqual([
      [1, 'retried'],
      [2, 'retried'],
      [3, 'succeeded'],
    ]);
    const paid = await world().providerRefunds(chargeOf(approved.orderId));
    expect(paid.map((refund: { status: string }) => refund.status)).toEqual(['declined', 'declined', 'succeeded']);
  });

  it('pays a declined refund as store credit without bonus when ops fall back, audited and announced', async () => {
    const { approved, refundId } = await declinedForGood();

    const answer = await world().http('POST', `/v1/refunds/${refundId}/fall-back-to-store-credit`, ops, await anna());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      method: 'store_credit',
      phase: 'final',
      state: 'succeeded',
      amountMinor: 19002,
      bonusMinor: 0,
    });
    const body = (await world().http('GET', `/v1/returns/${approved.returnId}/refunds`)).body;
    expect(body.items).toEqual([
      expect.objectContaining({
        refundId,
        state: 'superseded',
        actions: [
          expect.objectContaining({
            action: 'fall_back_to_store_credit',
            operatorId: 'ops-anna',
            operatorClientId: 'rebound-ops',
            replacementRefundId: answer.body.refundId,
          }),
        ],
      }),
      expect.objectContaining({ refundId: answer.body.refundId, method: 'store_credit', state: 'succeeded' }),
    ]);
    await world().waitForRefundEvents(approved.returnId, 'StoreCreditIssued', (events) =>
      events.some((event) => event.type === 'StoreCreditIssued'),
    );
    expect(
      world()
        .refundEvents(approved.returnId)
        .map((event) => event.type),
    ).toEqual(['RefundFailed', 'RefundSuperseded', 'StoreCreditIssued']);
    expect((await world().http('POST', `/v1/refunds/${refundId}/fall-back-to-store-credit`, ops)).status).toBe(409);
  });

  it('records the token’s subject and client as the operator who retried, and refuses a body that names another', async () => {
    const { approved, refundId } = await declinedForGood();

    const claimed = await world().http(
      'POST',
      `/v1/refunds/${refundId}/retry`,
      { operatorId: 'ops-mallory', reason: ops.reason },
      await anna(),
    );
    expect(claimed.status).toBe(400);
    expect(claimed.body.errors).toEqual([expect.objectContaining({ field: 'operatorId' })]);
    expect((await world().http('GET', `/v1/refunds/${refundId}`)).body).toMatchObject({ state: 'failed', actions: [] });

    const retried = await world().http('POST', `/v1/refunds/${refundId}/retry`, ops, await anna());
    expect(retried.status).toBe(200);
    expect(retried.body.actions).toEqual([
      expect.objectContaining({ action: 'retry', operatorId: 'ops-anna', operatorClientId: 'rebound-ops' }),
    ]);
    await world().waitForRefundEvents(approved.returnId, 'RefundRetried', (events) =>
      events.some((event) => event.type === 'RefundRetried'),
    );
    expect(
      world()
        .refundEvents(approved.returnId)
        .find((event) => event.type === 'RefundRetried')?.data,
    ).toMatchObject({ operatorId: 'ops-anna' });
  });

  it('refuses an ops action without a reason, and changes nothing', async () => {
    const { refundId } = await declinedForGood();
    const answer = await world().http('POST', `/v1/refunds/${refundId}/retry`, {});
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await world().http('GET', `/v1/refunds/${refundId}`)).body).toMatchObject({ state: 'failed', actions: [] });
  });

  it('cannot pay an approval that names no charge to the original payment method: it needs attention until ops fall back', async () => {
    const approved = approvedReturn();
    await approve({ ...approved, lines: approved.lines.map(({ charges: _charges, ...line }) => line) });
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);

    const stuck = await world().refundsOnceThey(approved.returnId, 'the refund needing attention', (refunds) =>
      refunds.items.some((item: { state: string }) => item.state === 'needs_attention'),
    );
    const [refund] = stuck.items;
    expect(refund).toMatchObject({
      amountMinor: 19002,
      payments: [],
      paymentAttempts: [],
      lastError: 'no captured charge of the returned lines can take 19002; fall back to store credit',
    });
    const retry = await world().http('POST', `/v1/refunds/${refund.refundId}/retry`, ops);
    expect(retry.status).toBe(409);
    expect(retry.body).toMatchObject({ type: 'https://rebound.dev/problems/no-charge-to-retry' });

    const fallBack = await world().http('POST', `/v1/refunds/${refund.refundId}/fall-back-to-store-credit`, ops);
    expect(fallBack.body).toMatchObject({ method: 'store_credit', state: 'succeeded', amountMinor: 19002 });
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toEqual([]);
  });

  it('falls back to store credit only what a refund paid in part left unpaid, and says what it did pay', async () => {
    const { approved, card, gift } = paidByCardAndGiftCard();
    await world().script(gift, ['fail_permanent']);
    await approve(approved);
    await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);
    const failed = await world().refundsOnceThey(approved.returnId, 'the refund declined on one charge', (refunds) =>
      refunds.items.some((item: { state: string }) => item.state === 'failed'),
    );
    const [refund] = failed.items;
    expect(
      refund.payments.map((payment: { chargeId: string; state: string }) => [payment.chargeId, payment.state]),
    ).toEqual([
      [card, 'succeeded'],
      [gift, 'failed'],
    ]);

    const credit = await world().http('POST', `/v1/refunds/${refund.refundId}/fall-back-to-store-credit`, ops);
    expect(credit.body).toMatchObject({ method: 'store_credit', amountMinor: 1999, bonusMinor: 0 });
    await world().waitForRefundEvents(approved.returnId, 'RefundSuperseded', (events) =>
      events.some((event) => event.type === 'RefundSuperseded'),
    );
    expect(
      world()
        .refundEvents(approved.returnId)
        .find((event) => event.type === 'RefundSuperseded')!.data,
    ).toMatchObject({
      amountMinor: 1999,
      paidMinor: 17003,
      replacementRefundId: credit.body.refundId,
    });
    const after = (await world().http('GET', `/v1/refunds/${refund.refundId}`)).body;
    expect(after.payments.map((payment: { state: string }) => payment.state)).toEqual(['succeeded', 'superseded']);
  });

  it('forgets the payment attempts of refunds finished longer ago than the retention, and no others', async () => {
    const paid = async (outcomes: string[] = []) => {
      const approved = approvedReturn();
      if (outcomes.length > 0) await world().script(chargeOf(approved.orderId), outcomes);
      await world().publish(ReturnApproved, approved, approved.returnId);
      await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);
      const body = await world().refundsOnceThey(approved.returnId, 'the refund over', (refunds) =>
        refunds.items.some((item: { state: string }) => item.state === 'succeeded' || item.state === 'failed'),
      );
      return body.items[0].refundId as string;
    };
    const [old, declined, recent] = [await paid(), await paid(['fail_permanent']), await paid()];
    const dataSource = world().app.app.get(DataSource);
    // Finished 100 days ago: its attempts are past the retention; the declined one may still be retried by ops.
    await dataSource.query(
      "UPDATE payment_attempts SET started_at = now() - interval '100 days', finished_at = now() - interval '100 days' WHERE refund_id = ANY($1::uuid[])",
      [[old, declined]],
    );
    await dataSource.query(
      "UPDATE refunds SET updated_at = now() - interval '100 days' WHERE refund_id = ANY($1::uuid[])",
      [[old, declined]],
    );
    const [rule] = refundsRetention(90 * 24 * 3600_000);
    const job = new RetentionJob({
      dataSource,
      rules: [rule],
      logger: createLogger({ service: 'it', level: 'silent' }),
    });

    expect(await job.run()).toEqual({ payment_attempts: 1 });
    const attempts = async (refundId: string) =>
      (await world().http('GET', `/v1/refunds/${refundId}`)).body.paymentAttempts.length;
    expect([await attempts(old), await attempts(declined), await attempts(recent)]).toEqual([0, 1, 1]);
    expect((await world().http('GET', `/v1/refunds/${old}`)).body).toMatchObject({ state: 'succeeded', attempts: 1 });
    expect(await fullScansIn(dataSource, rule)).toEqual([]);
  });
});
