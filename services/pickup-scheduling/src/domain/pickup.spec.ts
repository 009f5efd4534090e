import { assessTracking, type Pickup, type PickupState } from './pickup';

const booked = new Date('2026-12-01T07:00:00Z');

function pickup(state: PickupState, overrides: Partial<Pickup> = {}): Pickup {
  return {
    pickupId: 'p',
    returnId: 'r',
    partnerId: 'acme',
    method: 'carrier_pickup',
    state,
    attempt: 1,
    maxAttempts: 3,
    window: null,
    slot: { from: new Date('2026-12-01T08:00:00Z'), to: new Date('2026-12-01T12:00:00Z') },
    address: null,
    trackingNumber: 'RB1',
    dropOffCode: null,
    deadline: null,
    destinationWarehouseId: 'wh',
    lines: [],
    choice: { chosen: 'acme', rule: '', considered: [] },
    attemptBookedAt: booked,
    abandonReason: null,
    createdAt: booked,
    updatedAt: booked,
    ...overrides,
  };
}

const at = new Date('2026-12-01T09:00:00Z');

describe('assessTracking', () => {
  it('moves a pickup forward, and says when a step implies the pickup nobody reported', () => {
    expect(assessTracking(pickup('scheduled'), { status: 'picked_up', occurredAt: at })).toEqual({
      kind: 'advance',
      to: 'picked_up',
      impliesPickedUp: false,
      revives: false,
    });
    expect(assessTracking(pickup('out_for_pickup'), { status: 'delivered_to_warehouse', occurredAt: at })).toEqual({
      kind: 'advance',
      to: 'delivered',
      impliesPickedUp: true,
      revives: false,
    });
    expect(assessTracking(pickup('picked_up'), { status: 'in_transit', occurredAt: at })).toMatchObject({
      impliesPickedUp: false,
    });
  });

  it('never moves a pickup back or out of an end', () => {
    expect(assessTracking(pickup('delivered'), { status: 'in_transit', occurredAt: at })).toEqual({
      kind: 'ignored',
      why: 'the pickup is already delivered',
    });
    expect(assessTracking(pickup('cancelled'), { status: 'picked_up', occurredAt: at })).toEqual({
      kind: 'ignored',
      why: 'the pickup is cancelled',
    });
  });

  it('counts a failed attempt only for the current attempt of a pickup nobody has collected', () => {
    expect(assessTracking(pickup('out_for_pickup'), { status: 'attempt_failed', occurredAt: at })).toEqual({
      kind: 'attempt-failed',
    });
    expect(
      assessTracking(pickup('scheduled', { attempt: 2 }), {
        status: 'attempt_failed',
        occurredAt: new Date(booked.getTime() - 1),
      }),
    ).toEqual({ kind: 'ignored', why: 'it reports an attempt before attempt 2 was booked' });
    expect(assessTracking(pickup('picked_up'), { status: 'attempt_failed', occurredAt: at })).toMatchObject({
      kind: 'ignored',
    });
    expect(
      assessTracking(pickup('label_issued', { method: 'mail_back', slot: null }), {
        status: 'attempt_failed',
        occurredAt: at,
      }),
    ).toEqual({ kind: 'ignored', why: 'a label has no pickup attempts' });
  });

  it('does not let a late out_for_pickup of an earlier attempt move the rebooked one', () => {
    const rebooked = pickup('scheduled', { attempt: 2 });
    expect(assessTracking(rebooked, { status: 'out_for_pickup', occurredAt: new Date(booked.getTime() - 1) })).toEqual({
      kind: 'ignored',
      why: 'it reports an attempt before attempt 2 was booked',
    });
    expect(assessTracking(rebooked, { status: 'out_for_pickup', occurredAt: at })).toMatchObject({ kind: 'advance' });
  });

  it('takes back an abandonment when the parcel was collected before it, and only then', () => {
    const abandonedAt = new Date('2026-12-02T00:00:00Z');
    const abandoned = pickup('abandoned', { updatedAt: abandonedAt });
    expect(assessTracking(abandoned, { status: 'in_transit', occurredAt: at })).toEqual({
      kind: 'advance',
      to: 'in_transit',
      impliesPickedUp: true,
      revives: true,
    });
    expect(assessTracking(abandoned, { status: 'picked_up', occurredAt: new Date(abandonedAt.getTime() + 1) })).toEqual(
      { kind: 'ignored', why: 'the pickup is abandoned' },
    );
    expect(assessTracking(abandoned, { status: 'out_for_pickup', occurredAt: at })).toEqual({
      kind: 'ignored',
      why: 'the pickup is abandoned',
    });
  });

  it('keeps exceptions for the record only', () => {
    expect(assessTracking(pickup('scheduled'), { status: 'exception', occurredAt: at })).toMatchObject({
      kind: 'ignored',
    });
  });
});
