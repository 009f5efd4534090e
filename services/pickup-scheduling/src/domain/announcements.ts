/**
 * The facts the use cases announce: a pickup's changes on `pickups.pickup.v1` for Rebound and on the
 * partner's bookings topic for the partner, and a partner's coverage. Every use case announces
 * through here, so an event always carries the pickup (or partner) as it is after the change.
 */
import {
  LabelIssued,
  ParcelDeliveredToWarehouse,
  ParcelInTransit,
  ParcelPickedUp,
  PartnerTopics,
  PartnerCoverageChanged,
  PickupAbandoned,
  PickupAttemptFailed,
  PickupBooked,
  PickupBookingCancelled,
  PickupCancelled,
  PickupRescheduled,
  PickupScheduled,
  isPickupMethod,
  type PickupAbandonReason,
  type TimeSpan,
  type TrackingReported,
} from '@rebound/contracts';
import type { Partner } from './partner';
import type { Pickup } from './pickup';
import type { EventSink, SchedulingSettings } from './ports';

/** A pickup a partner took: it has the partner's tracking number and destination. */
export type AssignedPickup = Pickup & {
  readonly partnerId: string;
  readonly trackingNumber: string;
  readonly destinationWarehouseId: string;
};

export function isAssigned(pickup: Pickup): pickup is AssignedPickup {
  return pickup.partnerId !== null && pickup.trackingNumber !== null && pickup.destinationWarehouseId !== null;
}

function labelExpiry(pickup: Pickup): string {
  if (!pickup.deadline) throw new Error(`label ${pickup.pickupId} has no expiry`);
  return pickup.deadline.toISOString();
}

function window(span: TimeSpan) {
  return { from: span.from.toISOString(), to: span.to.toISOString() };
}

function base(pickup: AssignedPickup) {
  return { pickupId: pickup.pickupId, returnId: pickup.returnId, partnerId: pickup.partnerId };
}

function requireSlot(pickup: Pickup): TimeSpan {
  if (!pickup.slot) throw new Error(`pickup ${pickup.pickupId} (${pickup.method}) has no slot`);
  return pickup.slot;
}

/** Tells the partner what to collect (again, with the new attempt, after a reschedule). */
async function sendBooking(events: EventSink, pickup: AssignedPickup): Promise<void> {
  const booking: PickupBooked = {
    pickupId: pickup.pickupId,
    returnId: pickup.returnId,
    method: pickup.method,
    attempt: pickup.attempt,
    ...(pickup.slot && { slot: window(pickup.slot) }),
    ...(pickup.address && { address: pickup.address }),
    trackingNumber: pickup.trackingNumber,
    ...(pickup.dropOffCode && { dropOffCode: pickup.dropOffCode }),
    ...(!isPickupMethod(pickup.method) && { expiresAt: labelExpiry(pickup) }),
    destinationWarehouseId: pickup.destinationWarehouseId,
    lines: pickup.lines.map((line) => ({ ...line })),
  };
  await events.publish(PickupBooked, booking, pickup.returnId, {
    topic: PartnerTopics.bookings.nameFor(pickup.partnerId),
  });
}

export async function announceBooked(events: EventSink, pickup: AssignedPickup): Promise<void> {
  if (isPickupMethod(pickup.method)) {
    await events.publish(
      PickupScheduled,
      { ...base(pickup), method: pickup.method, slot: window(requireSlot(pickup)), attempt: pickup.attempt },
      pickup.returnId,
    );
  } else {
    await events.publish(
      LabelIssued,
      {
        ...base(pickup),
        method: pickup.method,
        trackingNumber: pickup.trackingNumber,
        ...(pickup.dropOffCode && { dropOffCode: pickup.dropOffCode }),
        expiresAt: labelExpiry(pickup),
      },
      pickup.returnId,
    );
  }
  await sendBooking(events, pickup);
}

export async function announceAttemptFailed(events: EventSink, pickup: AssignedPickup, reason: string): Promise<void> {
  await events.publish(PickupAttemptFailed, { ...base(pickup), attempt: pickup.attempt, reason }, pickup.returnId);
}

/** `pickup` is the rebooked one: its attempt and slot are the new ones. */
export async function announceRescheduled(events: EventSink, pickup: AssignedPickup, reason: string): Promise<void> {
  if (!isPickupMethod(pickup.method)) throw new Error(`a ${pickup.method} label cannot be rescheduled`);
  await events.publish(
    PickupRescheduled,
    { ...base(pickup), method: pickup.method, slot: window(requireSlot(pickup)), attempt: pickup.attempt, reason },
    pickup.returnId,
  );
  await sendBooking(events, pickup);
}

export async function announcePickedUp(events: EventSink, pickup: AssignedPickup): Promise<void> {
  await events.publish(
    ParcelPickedUp,
    {
      ...base(pickup),
      trackingNumber: pickup.trackingNumber,
      destinationWarehouseId: pickup.destinationWarehouseId,
      lines: pickup.lines.map((line) => ({ ...line })),
    },
    pickup.returnId,
  );
}

export async function announceMovement(
  events: EventSink,
  pickup: AssignedPickup,
  report: TrackingReported,
): Promise<void> {
  if (report.status === 'picked_up') await announcePickedUp(events, pickup);
  if (report.status === 'in_transit') {
    await events.publish(
      ParcelInTransit,
      { ...base(pickup), ...(report.location && { location: report.location }) },
      pickup.returnId,
    );
  }
  if (report.status === 'delivered_to_warehouse') {
    // TrackingReported requires the warehouse for this status; validation ran before any use case.
    const { warehouseId } = report;
    if (!warehouseId) throw new Error(`delivered_to_warehouse for pickup ${pickup.pickupId} names no warehouse`);
    await events.publish(ParcelDeliveredToWarehouse, { ...base(pickup), warehouseId }, pickup.returnId);
  }
}

export async function announceCancelled(events: EventSink, pickup: AssignedPickup, reason: string): Promise<void> {
  await events.publish(PickupCancelled, { ...base(pickup), reason }, pickup.returnId);
  await events.publish(
    PickupBookingCancelled,
    { pickupId: pickup.pickupId, returnId: pickup.returnId, reason },
    pickup.returnId,
    { topic: PartnerTopics.bookings.nameFor(pickup.partnerId) },
  );
}

/** Only the current attempt's visit is called off; the pickup itself goes on. */
export async function announceVisitCalledOff(events: EventSink, pickup: AssignedPickup, reason: string): Promise<void> {
  await events.publish(
    PickupBookingCancelled,
    { pickupId: pickup.pickupId, returnId: pickup.returnId, attempt: pickup.attempt, reason },
    pickup.returnId,
    { topic: PartnerTopics.bookings.nameFor(pickup.partnerId) },
  );
}

/** Returns-intake expires the return; the partner, if there is one, is told not to come. */
export async function announceAbandoned(
  events: EventSink,
  pickup: Pickup,
  reason: PickupAbandonReason,
  detail: string,
  attempts: number,
): Promise<void> {
  await events.publish(
    PickupAbandoned,
    {
      pickupId: pickup.pickupId,
      returnId: pickup.returnId,
      ...(pickup.partnerId && { partnerId: pickup.partnerId }),
      reason,
      detail,
      attempts,
    },
    pickup.returnId,
  );
  if (pickup.partnerId) {
    await events.publish(
      PickupBookingCancelled,
      { pickupId: pickup.pickupId, returnId: pickup.returnId, reason: detail },
      pickup.returnId,
      { topic: PartnerTopics.bookings.nameFor(pickup.partnerId) },
    );
  }
}

/**
 * Tells everyone who books nothing themselves — returns-intake first — where, how and when a partner
 * collects, as PartnerCoverageChanged keyed by partner id on a compacted topic, so the latest value
 * per partner is its coverage. The booking horizon travels along because it decides which windows
 * can be booked.
 */
export async function announceCoverage(
  events: EventSink,
  partner: Partner,
  settings: SchedulingSettings,
  now: Date,
): Promise<void> {
  const coverage: PartnerCoverageChanged = {
    partnerId: partner.partnerId,
    active: partner.active,
    serviceAreas: partner.serviceAreas.map(({ country, postalPrefixes }) => ({
      country,
      postalPrefixes: [...postalPrefixes],
    })),
    capabilities: [...partner.capabilities],
    slotWindows: partner.slotWindows.map(({ start, end, capacity }) => ({ start, end, capacity })),
    horizonDays: settings.bookingHorizonDays,
    changedAt: now.toISOString(),
  };
  await events.publish(PartnerCoverageChanged, coverage, partner.partnerId, { time: now });
}
