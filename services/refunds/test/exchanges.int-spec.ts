/**
 * Exchanges and returnless lines on real Kafka, Postgres and the sandbox provider: an exchange settled
 * when its replacements ship — an even one moving no money, a dearer one charging the difference once, a
 * cheaper one refunding the surplus once — a kept line refunded without its item, and an instant
 * exchange whose items never come, or come wrong, charged back (and, should the parcel of an expired one
 * turn up after all, its items refunded as graded within what the charge-back gave back); never past what
 * was captured.
 */
import {
  ExchangeOrderRequested,
  InspectionCompleted,
  LineResolutionChanged,
  PickupAbandoned,
  ReturnApproved,
  ReturnExpired,
  type ResolutionChangeReason,
} from '@rebound/contracts';
import { exchangeOrderRequestedFor, exchangeResolution, waitUntil, withResolutions } from '@rebound/testing';
import { abandonmentOf, approvedReturn, chargeOf, expiryOf, inspectionOf } from './support/fixtures';
import { useRefundsWorld } from './support/refunds-world';

jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

describe('exchanges', () => {
  const world = useRefundsWorld('refunds-exchanges');

  const byPhase = (body: Json, phase: string) => body.items.filter((item: Json) => item.phase === phase);
  const succeeded =
    (...phases: string[]) =>
    (body: Json) =>
      phases.every((phase) => byPhase(body, phase).some((item: Json) => item.state === 'succeeded'));
  const eventsOf = (returnId: string, type: string) =>
    world()
      .refundEvents(returnId)
      .filter((event) => event.type === type)
      .map((event) => event.data as Json);
  const ledger = async (orderId: string) =>
    world().schema.query<{ line_id: string; refunded: string }>(
      `SELECT line_id, sum(amount_minor)::text AS refunded FROM ledger_entries WHERE order_id = $1
        GROUP BY line_id ORDER BY line_id`,
      [orderId],
    );
  const parked = (eventId: string, what: string) =>
    waitUntil(what, async () => {
      const rows = await world().schema.query('SELECT 1 FROM parked_event WHERE event_id = $1', [eventId]);
      return rows.length === 1;
    });
  /** returns-intake turned the jackets into a refund. */
  const jacketsRefunded = (approved: ReturnApproved, reason: ResolutionChangeReason) =>
    world().publish(
      LineResolutionChanged,
      {
        returnId: approved.returnId,
        orderId: approved.orderId,
        lineId: 'jacket',
        resolution: { kind: 'refund' },
        fallbacks: [],
        reason,
        changedAt: new Date().toISOString(),
      },
      approved.returnId,
    );
  const handled = (eventId: string) =>
    waitUntil(`event ${eventId} handled`, async () => {
      const rows = await world().schema.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId]);
      return rows.length === 1;
    });

  /** `approvedReturn` (2 jackets at 89.99, 5.00 restocking — waived while exchanged; a scarf at 19.99; shipping 4.95), its jackets exchanged. */
  function exchangingJackets(
    replacementUnitPriceMinor: number,
    overrides: Partial<ReturnApproved> = {},
  ): ReturnApproved {
    const approved = approvedReturn(overrides);
    return withResolutions(approved, {
      jacket: exchangeResolution(approved.lines[0], { unitPriceMinor: replacementUnitPriceMinor }),
    });
  }

  it('moves no money for an even exchange shipped after inspection, which waits for it, and refunds the other line as graded', async () => {
    // The jackets are worth 2 × 89.99 = 179.98, their restocking fee waived; two replacements at 89.99 cost the same.
    const approved = exchangingJackets(8999);
    await world().publish(ReturnApproved, approved, approved.returnId);
    const inspectionId = await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);
    await waitUntil('the inspection waiting for the exchange order', async () => {
      const rows = await world().schema.query('SELECT 1 FROM parked_event WHERE event_id = $1', [inspectionId]);
      return rows.length === 1;
    });
    await world().publish(ExchangeOrderRequested, exchangeOrderRequestedFor(approved), approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'settled', succeeded('final', 'exchange'));
    expect(byPhase(body, 'exchange')).toEqual([expect.objectContaining({ amountMinor: 17998, state: 'succeeded' })]);
    // Only the scarf is refunded, and the return's shipping fee falls on it alone.
    expect(byPhase(body, 'final')).toEqual([expect.objectContaining({ amountMinor: 1999 - 495 })]);
    expect(byPhase(body, 'surplus')).toEqual([]);
    expect(byPhase(body, 'collection')).toEqual([]);
    expect(body.exchangeLines).toEqual([
      {
        lineId: 'jacket',
        creditMinor: 17998,
        replacementCostMinor: 17998,
        surplusMinor: 0,
        shortfallMinor: 0,
        bonusMinor: 0,
      },
    ]);
    expect(body.refundedMinor).toBe(1504);
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 1504, status: 'succeeded' }),
    ]);
    expect(await world().providerCharges(chargeOf(approved.orderId))).toEqual([]);
    await world().waitForRefundEvents(approved.returnId, 'the exchange announced', (events) =>
      events.some((event) => event.type === 'ExchangeSettled'),
    );
    expect(eventsOf(approved.returnId, 'ExchangeSettled')).toEqual([
      expect.objectContaining({ instant: false, surplusMinor: 0, shortfallMinor: 0, bonusMinor: 0 }),
    ]);
    expect(await ledger(approved.orderId)).toEqual([
      { line_id: 'jacket', refunded: '17998' },
      { line_id: 'scarf', refunded: '1504' },
    ]);
  });

  it('refunds an exchanged line as graded, less the restocking fee its exchange would have waived, once inspection did not accept it', async () => {
    const approved = exchangingJackets(8749);
    await world().publish(ReturnApproved, approved, approved.returnId);
    const inspectionId = await world().publish(
      InspectionCompleted,
      inspectionOf(approved, { jacket: { grade: 'C', fraction: 0.5 } }),
      approved.returnId,
    );
    await waitUntil('the inspection waiting for what becomes of the jackets', async () => {
      const rows = await world().schema.query('SELECT 1 FROM parked_event WHERE event_id = $1', [inspectionId]);
      return rows.length === 1;
    });
    await world().publish(
      LineResolutionChanged,
      {
        returnId: approved.returnId,
        orderId: approved.orderId,
        lineId: 'jacket',
        resolution: { kind: 'refund' },
        fallbacks: [],
        reason: 'not_accepted_at_inspection',
        changedAt: new Date().toISOString(),
      },
      approved.returnId,
    );

    const body = await world().refundsOnceThey(approved.returnId, 'the refund', succeeded('final'));
    // Jackets at half: 89.99 − 5.00; the scarf 19.99; the shipping fee 4.95 once.
    expect(byPhase(body, 'final')).toEqual([expect.objectContaining({ amountMinor: 8999 - 500 + 1999 - 495 })]);
    expect(byPhase(body, 'exchange')).toEqual([]);
    expect(body.exchangeLines).toEqual([]);
  });

  it('charges a dearer exchange’s difference to the customer exactly once, however often its order is delivered', async () => {
    // Two replacements at 99.99 cost 199.98; the jackets gave 179.98: 20.00 to collect.
    const approved = exchangingJackets(9999, { instantExchange: true });
    await world().publish(ReturnApproved, approved, approved.returnId);
    const request = exchangeOrderRequestedFor(approved);
    const first = await world().publish(ExchangeOrderRequested, request, approved.returnId);
    const second = await world().publish(ExchangeOrderRequested, request, approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'collected', succeeded('collection'));
    await Promise.all([handled(first), handled(second)]);
    expect(byPhase(body, 'collection')).toEqual([
      expect.objectContaining({ amountMinor: 2000, method: 'original_payment', state: 'succeeded' }),
    ]);
    expect(await world().providerCharges(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 2000, status: 'succeeded' }),
    ]);
    await world().waitForRefundEvents(approved.returnId, 'the collection announced', (events) =>
      events.some((event) => event.type === 'ExchangeDifferenceCollected'),
    );
    expect(eventsOf(approved.returnId, 'ExchangeSettled')).toEqual([
      expect.objectContaining({
        instant: true,
        shortfallMinor: 2000,
        surplusMinor: 0,
        collectionId: byPhase(body, 'collection')[0].refundId,
      }),
    ]);
    expect(eventsOf(approved.returnId, 'ExchangeDifferenceCollected')).toEqual([
      expect.objectContaining({
        amountMinor: 2000,
        charges: [expect.objectContaining({ chargeId: chargeOf(approved.orderId) })],
      }),
    ]);
    // A charge is money in, not a refund: the ledger holds the credit that paid for the replacements.
    expect(body.refundedMinor).toBe(0);
    expect(await ledger(approved.orderId)).toEqual([{ line_id: 'jacket', refunded: '17998' }]);
  });

  it('announces a declined shortfall, which ops charge again under a new key, never falling it back to store credit', async () => {
    const approved = exchangingJackets(9999, { instantExchange: true });
    await world().script(chargeOf(approved.orderId), ['fail_permanent']);
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(ExchangeOrderRequested, exchangeOrderRequestedFor(approved), approved.returnId);
    const failed = await world().refundsOnceThey(approved.returnId, 'the collection declined', (body) =>
      byPhase(body, 'collection').some((item: Json) => item.state === 'failed'),
    );
    const [collection] = byPhase(failed, 'collection');
    await world().waitForRefundEvents(approved.returnId, 'the decline announced', (events) =>
      events.some((event) => event.type === 'ExchangeDifferenceFailed'),
    );
    expect(eventsOf(approved.returnId, 'ExchangeDifferenceFailed')).toEqual([
      expect.objectContaining({ refundId: collection.refundId, amountMinor: 2000 }),
    ]);

    const ops = { reason: 'the customer updated their card' };
    const fallBack = await world().http('POST', `/v1/refunds/${collection.refundId}/fall-back-to-store-credit`, ops);
    expect(fallBack.status).toBe(409);
    expect((await world().http('POST', `/v1/refunds/${collection.refundId}/retry`, ops)).status).toBe(200);
    const body = await world().refundsOnceThey(approved.returnId, 'collected', succeeded('collection'));
    expect(byPhase(body, 'collection')[0].payments).toEqual([
      expect.objectContaining({ idempotencyKey: `${collection.refundId}.1`, state: 'retried' }),
      expect.objectContaining({ idempotencyKey: `${collection.refundId}.2`, state: 'succeeded', amountMinor: 2000 }),
    ]);
    const charges = await world().providerCharges(chargeOf(approved.orderId));
    expect(charges.map((charge: Json) => charge.status).sort()).toEqual(['declined', 'succeeded']);
    await world().waitForRefundEvents(approved.returnId, 'the collection announced', (events) =>
      events.some((event) => event.type === 'ExchangeDifferenceCollected'),
    );
    expect(eventsOf(approved.returnId, 'ExchangeDifferenceRetried')).toEqual([
      expect.objectContaining({ refundId: collection.refundId, amountMinor: 2000, reason: ops.reason }),
    ]);
  });

  it('refunds a cheaper exchange’s surplus once, and its bonus as store credit', async () => {
    // Two replacements at 50.00 cost 100.00; the jackets gave 179.98: 79.98 back.
    const approved = approvedReturn({ instantExchange: true });
    const exchanging = withResolutions(approved, {
      jacket: exchangeResolution(approved.lines[0], { unitPriceMinor: 5000 }, 300),
    });
    await world().publish(ReturnApproved, exchanging, approved.returnId);
    const request = exchangeOrderRequestedFor(exchanging);
    const first = await world().publish(ExchangeOrderRequested, request, approved.returnId);
    const second = await world().publish(ExchangeOrderRequested, request, approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the surplus paid', succeeded('surplus'));
    await Promise.all([handled(first), handled(second)]);
    expect(byPhase(body, 'surplus')).toEqual([expect.objectContaining({ amountMinor: 7998, state: 'succeeded' })]);
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 7998, status: 'succeeded' }),
    ]);
    expect(body.refundedMinor).toBe(7998);
    await world().waitForRefundEvents(approved.returnId, 'the surplus announced', (events) =>
      events.some((event) => event.type === 'RefundIssued'),
    );
    expect(eventsOf(approved.returnId, 'RefundIssued')).toEqual([
      expect.objectContaining({ amountMinor: 7998, phase: 'instant' }),
    ]);
    await world().waitForStoreCreditEvents(approved.customerId, 'the bonus', (events) => events.length === 1);
    expect(
      world()
        .storeCreditEvents(approved.customerId)
        .map((event) => event.data),
    ).toEqual([expect.objectContaining({ kind: 'bonus', amountMinor: 300, balanceMinor: 300 })]);
  });

  it('refunds a line the customer keeps on approval, without waiting for an inspection', async () => {
    const approved = approvedReturn();
    const keeping = withResolutions(approved, { scarf: { kind: 'keep' } });
    await world().publish(ReturnApproved, keeping, approved.returnId);

    const body = await world().refundsOnceThey(approved.returnId, 'the kept line refunded', succeeded('returnless'));
    // The scarf's price, no shipping fee: it does not travel.
    expect(byPhase(body, 'returnless')).toEqual([expect.objectContaining({ amountMinor: 1999 })]);
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 1999, status: 'succeeded' }),
    ]);

    // The jackets come back and are refunded as inspected; the scarf is not refunded again.
    await world().publish(InspectionCompleted, inspectionOf(keeping), approved.returnId);
    const settled = await world().refundsOnceThey(approved.returnId, 'the jackets refunded', succeeded('final'));
    expect(byPhase(settled, 'final')).toEqual([expect.objectContaining({ amountMinor: 17998 - 500 - 495 })]);
    expect(await ledger(approved.orderId)).toEqual([
      { line_id: 'jacket', refunded: '17003' },
      { line_id: 'scarf', refunded: '1999' },
    ]);
  });

  it('never pays past the capture: a kept line is capped at it, and exchanging it again gives no credit', async () => {
    const approved = approvedReturn();
    const [jacket] = approved.lines;
    // Only 100.00 of the jackets' 179.98 was captured.
    const capped = { ...jacket, charges: [{ chargeId: chargeOf(approved.orderId), amountMinor: 10_000 }] };
    await world().publish(
      ReturnApproved,
      withResolutions({ ...approved, lines: [capped] }, { jacket: { kind: 'keep' } }),
      approved.returnId,
    );
    // Every line kept: no inspection will come, so this refund settles the return and is announced final.
    const kept = await world().refundsOnceThey(approved.returnId, 'the kept line', succeeded('final'));
    expect(byPhase(kept, 'final')).toEqual([expect.objectContaining({ amountMinor: 10_000 })]);
    await world().waitForRefundEvents(approved.returnId, 'the refund announced', (events) =>
      events.some((event) => event.type === 'RefundIssued'),
    );
    expect(eventsOf(approved.returnId, 'RefundIssued')).toEqual([expect.objectContaining({ phase: 'final' })]);

    const again = approvedReturn({ orderId: approved.orderId, instantExchange: true });
    const exchanging = withResolutions(
      { ...again, lines: [capped] },
      { jacket: exchangeResolution(capped, { unitPriceMinor: 4000 }) },
    );
    await world().publish(ReturnApproved, exchanging, again.returnId);
    await world().publish(ExchangeOrderRequested, exchangeOrderRequestedFor(exchanging), again.returnId);
    const body = await world().refundsOnceThey(again.returnId, 'the exchange', succeeded('exchange', 'collection'));
    expect(body.exchangeLines).toEqual([expect.objectContaining({ creditMinor: 0, shortfallMinor: 8000 })]);
    expect(await ledger(approved.orderId)).toEqual([{ line_id: 'jacket', refunded: '10000' }]);
  });

  it('charges an instant exchange back when its pickup is abandoned', async () => {
    const approved = exchangingJackets(8999, { instantExchange: true });
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(ExchangeOrderRequested, exchangeOrderRequestedFor(approved), approved.returnId);
    const settled = await world().refundsOnceThey(approved.returnId, 'the exchange', succeeded('exchange'));
    const exchangeId = byPhase(settled, 'exchange')[0].refundId;

    await world().publish(PickupAbandoned, abandonmentOf(approved), approved.returnId);
    const body = await world().refundsOnceThey(approved.returnId, 'the charge-back', succeeded('clawback'));
    expect(byPhase(body, 'clawback')).toEqual([
      expect.objectContaining({ amountMinor: 17998, reverses: exchangeId, reversalReason: 'abandoned' }),
    ]);
    expect(await world().providerCharges(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 17998, status: 'succeeded' }),
    ]);
    await world().waitForRefundEvents(approved.returnId, 'the charge-back collected', (events) =>
      events.some((event) => event.type === 'ClawbackCollected'),
    );
    expect(eventsOf(approved.returnId, 'ExchangeChargedBack')).toEqual([
      expect.objectContaining({
        refundId: exchangeId,
        reason: 'abandoned',
        amountMinor: 17998,
        lines: [{ lineId: 'jacket', amountMinor: 17998 }],
      }),
    ]);
    expect(eventsOf(approved.returnId, 'ClawbackCollected')).toEqual([
      expect.objectContaining({ reversedRefundId: exchangeId, reason: 'abandoned', collectedMinor: 17998 }),
    ]);
    // Charged back, the jackets' capture is free again.
    expect(await ledger(approved.orderId)).toEqual([{ line_id: 'jacket', refunded: '0' }]);
  });

  it('charges back the credit and the surplus of an instant exchange whose items come back a unit short', async () => {
    // Two replacements at 80.00: 160.00 paid for by the jackets' 179.98, 19.98 paid back.
    const approved = exchangingJackets(8000, { instantExchange: true });
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(ExchangeOrderRequested, exchangeOrderRequestedFor(approved), approved.returnId);
    await world().refundsOnceThey(approved.returnId, 'the surplus paid', succeeded('exchange', 'surplus'));

    const inspection = inspectionOf(approved);
    // No flag: one of the two jackets simply did not come back.
    const short = {
      ...inspection,
      lines: inspection.lines.map((line) =>
        line.lineId === 'jacket' ? { ...line, receivedQuantity: line.receivedQuantity - 1 } : line,
      ),
    };
    await world().publish(InspectionCompleted, short, approved.returnId);
    const body = await world().refundsOnceThey(
      approved.returnId,
      'both charged back and the scarf refunded',
      (seen) =>
        byPhase(seen, 'clawback').filter((item: Json) => item.state === 'succeeded').length === 2 &&
        succeeded('final')(seen),
    );
    expect(
      byPhase(body, 'clawback')
        .map((item: Json) => item.amountMinor)
        .sort((a: number, b: number) => a - b),
    ).toEqual([1998, 16000]);
    expect(byPhase(body, 'final')).toEqual([expect.objectContaining({ amountMinor: 1504 })]);
    const charges = await world().providerCharges(chargeOf(approved.orderId));
    expect(
      charges.map((charge: Json) => [charge.amountMinor, charge.status]).sort((a: Json, b: Json) => a[0] - b[0]),
    ).toEqual([
      [1998, 'succeeded'],
      [16000, 'succeeded'],
    ]);
    await world().waitForRefundEvents(
      approved.returnId,
      'both collected',
      (events) => events.filter((event) => event.type === 'ClawbackCollected').length === 2,
    );
    expect(eventsOf(approved.returnId, 'ExchangeChargedBack')).toEqual([
      expect.objectContaining({
        reason: 'inspection',
        amountMinor: 17998,
        lines: [{ lineId: 'jacket', amountMinor: 17998 }],
      }),
    ]);
    expect(await ledger(approved.orderId)).toEqual([
      { line_id: 'jacket', refunded: '0' },
      { line_id: 'scarf', refunded: '1504' },
    ]);
  });

  it('refunds an instant exchange’s line whose replacement could not be reserved once, as graded, when its inspection came first', async () => {
    const approved = exchangingJackets(8749, { instantExchange: true });
    await world().publish(ReturnApproved, approved, approved.returnId);
    const inspectionId = await world().publish(
      InspectionCompleted,
      inspectionOf(approved, { jacket: { grade: 'C', fraction: 0.5 } }),
      approved.returnId,
    );
    await parked(inspectionId, 'the inspection waiting for what becomes of the jackets');
    await jacketsRefunded(approved, 'replacement_unavailable');

    const body = await world().refundsOnceThey(approved.returnId, 'the refund', succeeded('final'));
    // Jackets at half: 89.99 − 5.00; the scarf 19.99; the shipping fee 4.95 once.
    expect(body.items).toEqual([expect.objectContaining({ phase: 'final', amountMinor: 8999 - 500 + 1999 - 495 })]);
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 10003, status: 'succeeded' }),
    ]);
    expect(await world().providerCharges(chargeOf(approved.orderId))).toEqual([]);
  });

  it('refunds an expired instant exchange’s jackets once, as graded, when the parcel turns up after all, its inspection waiting until the charge-back is collected', async () => {
    // An even exchange: the jackets' 179.98 paid for the two replacements.
    const approved = exchangingJackets(8999, { instantExchange: true });
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(ExchangeOrderRequested, exchangeOrderRequestedFor(approved), approved.returnId);
    const settled = await world().refundsOnceThey(approved.returnId, 'the exchange', succeeded('exchange'));
    const exchangeId = byPhase(settled, 'exchange')[0].refundId;

    // The card cannot be charged back for now: the claw-back needs ops.
    await world().script(chargeOf(approved.orderId), ['rate_limited', 'rate_limited', 'rate_limited']);
    await world().publish(ReturnExpired, expiryOf(approved), approved.returnId);
    await jacketsRefunded(approved, 'return_expired');
    const stuck = await world().refundsOnceThey(approved.returnId, 'the charge-back needing attention', (body) =>
      byPhase(body, 'clawback').some((item: Json) => item.state === 'needs_attention'),
    );
    const [clawback] = byPhase(stuck, 'clawback');
    expect(clawback).toMatchObject({ amountMinor: 17998, reverses: exchangeId, reversalReason: 'expired' });

    // The partner reports the collection late: the parcel is inspected while the charge-back is not collected.
    const inspectionId = await world().publish(InspectionCompleted, inspectionOf(approved), approved.returnId);
    await parked(inspectionId, 'the inspection waiting for the charge-back');
    expect(byPhase(await world().refundsOnceThey(approved.returnId, 'no final refund', () => true), 'final')).toEqual(
      [],
    );
    expect(
      (await world().http('POST', `/v1/refunds/${clawback.refundId}/retry`, { reason: 'card fixed' })).status,
    ).toBe(200);

    const body = await world().refundsOnceThey(
      approved.returnId,
      'the parcel refunded',
      succeeded('clawback', 'final'),
    );
    // The jackets graded A, less their restocking fee; the scarf; the shipping fee once.
    expect(byPhase(body, 'final')).toEqual([expect.objectContaining({ amountMinor: 17998 - 500 + 1999 - 495 })]);
    expect(await world().providerRefunds(chargeOf(approved.orderId))).toEqual([
      expect.objectContaining({ amountMinor: 19002, status: 'succeeded' }),
    ]);
    const charges = await world().providerCharges(chargeOf(approved.orderId));
    expect(charges.filter((charge: Json) => charge.status === 'succeeded')).toEqual([
      expect.objectContaining({ amountMinor: 17998 }),
    ]);
    await world().waitForRefundEvents(approved.returnId, 'the final refund announced', (events) =>
      events.some((event) => event.type === 'RefundIssued'),
    );
    expect(eventsOf(approved.returnId, 'RefundIssued')).toEqual([
      expect.objectContaining({ amountMinor: 19002, phase: 'final' }),
    ]);
    // The replacements were paid for by the charge-back; the jackets' capture pays their refund.
    expect(await ledger(approved.orderId)).toEqual([
      { line_id: 'jacket', refunded: '17003' },
      { line_id: 'scarf', refunded: '1999' },
    ]);
  });
});
