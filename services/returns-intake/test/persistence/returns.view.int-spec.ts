import { randomUUID } from 'node:crypto';
import { WAITING_STATUSES, type StuckThresholds } from '../../src/domain/stuck-returns';
import { PgReturnsView } from '../../src/persistence/pg-returns.view';
import {
  decisionOn,
  intakeDatabase,
  storedOrderOf,
  storedReturn,
  timelineEntryOn,
  withPolicy,
  type IntakeDatabase,
} from '../support/intake-database';

const HOUR = 60 * 60 * 1000;

describe('PgReturnsView', () => {
  let db: IntakeDatabase;
  let view: PgReturnsView;
  let version: number;
  beforeAll(async () => {
    db = await intakeDatabase('intake_returns_view');
    view = new PgReturnsView(db.dataSource);
    version = await db.transactions.run((tx) => withPolicy(tx));
  }, 60_000);
  afterAll(() => db?.close());

  it('shows one return with its decisions, timeline and refunds, and nothing for one it does not know', async () => {
    const fresh = await storedReturn(db, version, 'approved');
    expect(await view.details(fresh.returnId)).toEqual({ request: fresh, decisions: [], timeline: [], refunds: [] });
    expect(await view.details(randomUUID())).toBeNull();

    const request = await storedReturn(db, version, 'refunded', { at: new Date('2026-06-10T09:00:00.123Z') });
    const refund = (refundId: string, at: string) => ({
      refundId,
      returnId: request.returnId,
      kind: 'refund' as const,
      phase: 'final' as const,
      state: 'succeeded' as const,
      amountMinor: 2504,
      bonusMinor: 100,
      clawbackMinor: 0,
      currency: 'EUR',
      detail: null,
      updatedAt: new Date(at),
    });
    const decisions = [
      decisionOn(request, 'pending_review', '2026-06-10T10:00:00.001Z'),
      decisionOn(request, 'approved', '2026-06-10T11:00:00Z'),
    ];
    const timeline = [
      timelineEntryOn(request, 'ReturnApproved', '2026-06-10T11:00:00.000Z'),
      timelineEntryOn(request, 'PickupScheduled', '2026-06-10T12:00:00Z'),
    ];
    const refunds = [refund(randomUUID(), '2026-06-12T10:00:00.999Z'), refund(randomUUID(), '2026-06-13T10:00:00Z')];
    await db.transactions.run(async (tx) => {
      for (const written of [...decisions].reverse()) await tx.returns.insertDecision(written);
      for (const written of [...timeline].reverse()) await tx.returns.appendTimeline(written);
      for (const written of [...refunds].reverse()) await tx.returns.saveRefund(written);
    });
    expect(await view.details(request.returnId)).toEqual({ request, decisions, timeline, refunds });
  });

  it('lists returns newest first, filtered, one page after another', async () => {
    const order = storedOrderOf();
    const oldest = await storedReturn(db, version, 'approved', { order, at: new Date('2026-06-01T10:00:00Z') });
    const middle = await storedReturn(db, version, 'cancelled', { order, at: new Date('2026-06-02T10:00:00Z') });
    const newest = await storedReturn(db, version, 'approved', { order, at: new Date('2026-06-03T10:00:00Z') });
    const firstPage = await view.list({ orderId: order.orderId }, 2);
    expect(firstPage.map((request) => request.returnId)).toEqual([newest.returnId, middle.returnId]);
    const after = { createdAt: middle.createdAt, returnId: middle.returnId };
    expect((await view.list({ orderId: order.orderId }, 2, after)).map((r) => r.returnId)).toEqual([oldest.returnId]);
    const approved = await view.list({ customerId: order.customerId, status: 'approved' }, 10);
    expect(approved.map((request) => request.returnId)).toEqual([newest.returnId, oldest.returnId]);
  });

  it('finds the returns resting longer than their status allows, longest first, and counts them', async () => {
    const now = new Date();
    const thresholds = Object.fromEntries(
      WAITING_STATUSES.map((status) => [status, 24 * 60 * 60]),
    ) as unknown as StuckThresholds;
    const before = await view.countStuck(thresholds, now);
    const order = storedOrderOf();
    const longest = await storedReturn(db, version, 'approved', { order, at: new Date(now.getTime() - 72 * HOUR) });
    const stuck = await storedReturn(db, version, 'approved', { order, at: new Date(now.getTime() - 48 * HOUR) });
    await storedReturn(db, version, 'approved', { order, at: new Date(now.getTime() - HOUR) });
    await storedReturn(db, version, 'cancelled', { order, at: new Date(now.getTime() - 72 * HOUR) });
    const found = await view.stuck(thresholds, now, { status: 'approved' }, 100);
    const ours = found.filter((entry) => entry.request.orderId === order.orderId);
    expect(ours.map((entry) => entry.request.returnId)).toEqual([longest.returnId, stuck.returnId]);
    expect(ours[0].thresholdSeconds).toBe(24 * 60 * 60);
    const after = await view.countStuck(thresholds, now);
    expect(after.get('approved')).toBe((before.get('approved') ?? 0) + 2);
  });
});
