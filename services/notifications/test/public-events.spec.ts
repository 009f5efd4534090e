import { randomUUID } from 'node:crypto';
import {
  PickupScheduled,
  RefundIssued,
  ReturnApproved,
  ReturnCancelled,
  StoreCreditIssued,
  type EventClass,
} from '@rebound/contracts';
import { approvedReturnEvent } from '@rebound/testing';
import { PUBLIC_EVENT_TYPES, PUBLIC_MAPPINGS, publicEventId, publicEventOf, type KnownReturn } from '../src/domain/public-events';

const TIME = new Date('2026-03-01T10:00:00Z');

describe('public events', () => {
  const approved = approvedReturnEvent({ loyaltyTier: 'gold' });
  const known: KnownReturn = {
    returnId: approved.returnId,
    orderId: approved.orderId,
    customerId: approved.customerId,
    loyaltyTier: 'gold',
  };

  it('shows a merchant what an approval means for them, not the internal payload', () => {
    const event = publicEventOf(ReturnApproved, { id: randomUUID(), time: TIME, data: approved }, known);

    expect(event).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      type: 'return.approved',
      version: 1,
      timestamp: '2026-03-01T10:00:00.000Z',
      data: {
        returnId: approved.returnId,
        orderId: approved.orderId,
        customerId: approved.customerId,
        method: 'carrier_pickup',
        refundMethod: 'original_payment',
        expectedRefund: { amountMinor: 9503, currency: 'EUR' },
        lines: [{ lineId: 'line-1', sku: 'SKU-JACKET', quantity: 2, resolution: 'refund' }],
        approvedAt: approved.approvedAt,
      },
    });
    for (const internal of ['refundableFractions', 'policyVersion', 'fees', 'pickup', 'approvedBy', 'loyaltyTier']) {
      expect(event.data).not.toHaveProperty(internal);
    }
  });

  it('carries the return’s order and customer on events whose payload does not name them', () => {
    const scheduled = Object.assign(new PickupScheduled(), {
      pickupId: randomUUID(),
      returnId: approved.returnId,
      partnerId: 'parcelpoint',
      method: 'carrier_pickup',
      slot: { from: '2026-03-02T08:00:00.000Z', to: '2026-03-02T12:00:00.000Z' },
      attempt: 1,
    });

    const event = publicEventOf(PickupScheduled, { id: randomUUID(), time: TIME, data: scheduled }, known);

    expect(event.type).toBe('pickup.scheduled');
    expect(event.data).toMatchObject({ orderId: approved.orderId, customerId: approved.customerId, attempt: 1 });
    expect(event.data['slot']).toEqual(scheduled.slot);
  });

  it('leaves out optional fields the source did not have, rather than sending nulls', () => {
    const cancelled = Object.assign(new ReturnCancelled(), {
      returnId: approved.returnId,
      orderId: approved.orderId,
      cancelledBy: 'customer',
      cancelledAt: TIME.toISOString(),
    });

    const event = publicEventOf(ReturnCancelled, { id: randomUUID(), time: TIME, data: cancelled }, known);

    expect(event.data).not.toHaveProperty('reason');
    expect(event.data).not.toHaveProperty('cancelledBy');
  });

  it('gives money as an amount in minor units with its currency, store credit with its bonus apart', () => {
    const base = { refundId: randomUUID(), returnId: approved.returnId, orderId: approved.orderId, currency: 'EUR' };
    const refund = Object.assign(new RefundIssued(), {
      ...base,
      amountMinor: 9503,
      method: 'original_payment',
      phase: 'final',
    });
    const credit = Object.assign(new StoreCreditIssued(), {
      ...base,
      amountMinor: 9503,
      bonusMinor: 950,
      phase: 'final',
    });

    expect(publicEventOf(RefundIssued, { id: randomUUID(), time: TIME, data: refund }, known).data).toMatchObject({
      amount: { amountMinor: 9503, currency: 'EUR' },
      phase: 'final',
    });
    expect(publicEventOf(StoreCreditIssued, { id: randomUUID(), time: TIME, data: credit }, known).data).toMatchObject({
      amount: { amountMinor: 9503, currency: 'EUR' },
      bonus: { amountMinor: 950, currency: 'EUR' },
    });
  });

  it('derives the id from the source event’s, so a redelivered source makes the same public event', () => {
    const sourceId = randomUUID();

    expect(publicEventId(sourceId)).toBe(publicEventId(sourceId));
    expect(publicEventId(sourceId)).not.toBe(publicEventId(randomUUID()));
    expect(publicEventOf(ReturnApproved, { id: sourceId, time: TIME, data: approved }, known).id).toBe(
      `evt_${sourceId.replace(/-/g, '')}`,
    );
  });

  it('has one source event per public type, and no source event mapped twice', () => {
    expect(PUBLIC_MAPPINGS.map((entry) => entry.type)).toEqual([...PUBLIC_EVENT_TYPES]);
    const sources = PUBLIC_MAPPINGS.map((entry) => (entry.eventClass as EventClass).eventType);
    expect(new Set(sources).size).toBe(sources.length);
  });
});
