import { randomUUID } from 'node:crypto';
import { returnOf } from '../fakes/in-memory-intake';
import {
  decisionOn,
  intakeDatabase,
  storedOrderOf,
  storedReturn,
  timelineEntryOn,
  withPolicy,
  type IntakeDatabase,
} from '../support/intake-database';

describe('PgReturnsStore', () => {
  let db: IntakeDatabase;
  let version: number;
  beforeAll(async () => {
    db = await intakeDatabase('intake_returns_store');
    version = await db.transactions.run((tx) => withPolicy(tx));
  }, 60_000);
  afterAll(() => db?.close());

  it('reads back the return it inserted, with its lines', async () => {
    const request = await storedReturn(db, version, 'approved');
    expect(await db.transactions.run((tx) => tx.returns.find(request.returnId))).toEqual(request);
    expect(await db.transactions.run((tx) => tx.returns.lock(randomUUID()))).toBeNull();
  });

  it("keeps a line's resolution as it moves on, where its replacement is held, the quote and the exchange order's and release's times", async () => {
    const order = storedOrderOf();
    const base = returnOf(order, version, 'approved', new Date('2026-06-10T10:00:00.000Z'));
    const exchange = (sku: string) => ({
      kind: 'exchange' as const,
      replacement: { sku, productId: 'oxford', quantity: 1, unitPriceMinor: 3499 },
      bonusMinor: 150,
    });
    const request = {
      ...base,
      instantExchange: true,
      lines: base.lines.map((line) => ({
        ...line,
        resolution: exchange('SHIRT-L'),
        fallbacks: [exchange('SHIRT-XL')],
      })),
    };
    await db.transactions.run(async (tx) => {
      await tx.orders.save(order);
      await tx.returns.insert(request);
    });
    expect(await db.transactions.run((tx) => tx.returns.find(request.returnId))).toEqual(request);

    const requestedAt = new Date('2026-06-11T10:00:00.000Z');
    const releasedAt = new Date('2026-06-11T10:05:00.000Z');
    const moved = { resolution: exchange('SHIRT-XL'), fallbacks: [], warehouseId: 'wh-berlin' };
    await db.transactions.run(async (tx) => {
      await tx.returns.updateLine(request.returnId, 'shirt', moved);
      await tx.returns.setExpectedRefund(request.returnId, 0);
      await tx.returns.markExchangeRequested(request.returnId, requestedAt);
      await tx.returns.markExchangeReleased(request.returnId, releasedAt);
    });
    expect(await db.transactions.run((tx) => tx.returns.find(request.returnId))).toEqual({
      ...request,
      expectedRefundMinor: 0,
      exchangeRequestedAt: requestedAt,
      exchangeReleasedAt: releasedAt,
      lines: [{ ...request.lines[0], ...moved }],
    });
  });

  it('stores a return opened with its decision and first timeline entries, in the order given', async () => {
    const order = storedOrderOf();
    const request = returnOf(order, version, 'approved', new Date('2026-06-10T10:00:00.000Z'));
    const decision = {
      decisionId: randomUUID(),
      returnId: request.returnId,
      outcome: 'approved' as const,
      policyVersion: version,
      decidedBy: 'policy',
      note: null,
      inputs: { now: '2026-06-10T10:00:00.000Z' },
      assessment: { outcome: 'approved' } as never,
      decidedAt: request.createdAt,
    };
    const entry = (eventType: string, actor: { subject: string; clientId: string } | null) => ({
      eventId: randomUUID(),
      returnId: request.returnId,
      eventType,
      source: '/rebound/returns-intake',
      occurredAt: request.createdAt,
      statusAfter: eventType === 'ReturnRequested' ? ('requested' as const) : ('approved' as const),
      details: { eventType, lines: [{ lineId: 'shirt' }] },
      actor,
    });
    // Same time: only the order they were given in tells them apart.
    const timeline = [
      entry('ReturnRequested', { subject: 'cust-1', clientId: 'storefront' }),
      entry('ReturnApproved', null),
    ];
    await db.transactions.run(async (tx) => {
      await tx.orders.save(order);
      await tx.returns.insert(request, { decision, timeline });
    });
    expect(await db.transactions.run((tx) => tx.returns.find(request.returnId))).toEqual(request);
    expect(await db.transactions.run((tx) => tx.returns.decisions(request.returnId))).toEqual([decision]);
    expect(await db.transactions.run((tx) => tx.returns.timeline(request.returnId))).toEqual(timeline);
  });

  it('moves the status and counts it as progress, which never goes back in time', async () => {
    const request = await storedReturn(db, version, 'approved');
    const later = new Date('2026-06-11T10:00:00.000Z');
    await db.transactions.run(async (tx) => {
      await tx.returns.setStatus(request.returnId, 'awaiting_pickup', later);
      await tx.returns.markProgress(request.returnId, new Date('2026-06-01T00:00:00.000Z'));
    });
    expect(await db.transactions.run((tx) => tx.returns.find(request.returnId))).toMatchObject({
      status: 'awaiting_pickup',
      updatedAt: later,
    });
    const [row] = await db.dataSource.query('SELECT progressed_at FROM returns WHERE return_id = $1', [
      request.returnId,
    ]);
    expect(new Date(row.progressed_at)).toEqual(later);
  });

  it('counts the units of returns that hold them, and knows every line any return refers to', async () => {
    const order = storedOrderOf();
    await storedReturn(db, version, 'approved', { order });
    await storedReturn(db, version, 'requested', { order });
    await storedReturn(db, version, 'rejected', { order });
    await storedReturn(db, version, 'expired', { order });
    const [quantities, lines] = await db.transactions.run(async (tx) => [
      await tx.returns.returnedQuantities(order.orderId),
      await tx.returns.linesInReturns(order.orderId),
    ]);
    expect(quantities).toEqual(new Map([['shirt', 2]]));
    expect(lines).toEqual(new Set(['shirt']));
  });

  it('keeps decisions in the order they were taken', async () => {
    const request = await storedReturn(db, version, 'pending_review');
    const held = decisionOn(request, 'pending_review', '2026-06-10T10:00:00.000Z');
    const approved = decisionOn(request, 'approved', '2026-06-10T11:00:00.000Z');
    await db.transactions.run(async (tx) => {
      await tx.returns.insertDecision(approved);
      await tx.returns.insertDecision(held);
    });
    expect(await db.transactions.run((tx) => tx.returns.decisions(request.returnId))).toEqual([held, approved]);
  });

  it('puts each fact on the timeline once, in the order it happened', async () => {
    const request = await storedReturn(db, version, 'approved');
    const second = timelineEntryOn(request, 'PickupScheduled', '2026-06-10T12:00:00.000Z');
    const first = timelineEntryOn(request, 'ReturnApproved', '2026-06-10T11:00:00.000Z');
    const recorded = await db.transactions.run(async (tx) => [
      await tx.returns.appendTimeline(second),
      await tx.returns.appendTimeline(first),
      await tx.returns.appendTimeline(second),
    ]);
    expect(recorded).toEqual([true, true, false]);
    expect(await db.transactions.run((tx) => tx.returns.timeline(request.returnId))).toEqual([first, second]);
  });

  it('saves a refund again over the one stored, and lists a return’s refunds', async () => {
    const request = await storedReturn(db, version, 'inspected');
    const refund = {
      refundId: randomUUID(),
      returnId: request.returnId,
      kind: 'refund' as const,
      phase: 'final' as const,
      state: 'failed' as const,
      amountMinor: 2504,
      bonusMinor: 0,
      clawbackMinor: 0,
      currency: 'EUR',
      detail: 'declined',
      updatedAt: new Date('2026-06-12T10:00:00.000Z'),
    };
    const paid = {
      ...refund,
      state: 'succeeded' as const,
      detail: null,
      updatedAt: new Date('2026-06-13T10:00:00.000Z'),
    };
    await db.transactions.run(async (tx) => {
      await tx.returns.saveRefund(refund);
      await tx.returns.saveRefund(paid);
    });
    expect(await db.transactions.run((tx) => tx.returns.findRefund(refund.refundId))).toEqual(paid);
    expect(await db.transactions.run((tx) => tx.returns.refunds(request.returnId))).toEqual([paid]);
  });
});
