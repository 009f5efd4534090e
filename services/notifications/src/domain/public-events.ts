/**
 * The public events merchants subscribe to: a small, versioned shape per type, written for a
 * merchant's OMS or helpdesk — never the internal payload, which changes as the services do. Each is
 * made from one lifecycle event, and its id is derived from that event's id, so a redelivered source
 * event makes the same public event (and so no second delivery: the same id is refused twice).
 *
 * Changing a type's shape incompatibly is a new version of it (`version: 2`), announced in
 * docs/notifications.md; adding an optional field is not.
 */
import {
  ExchangeOrderRequested,
  InspectionCompleted,
  LabelIssued,
  ParcelDeliveredToWarehouse,
  ParcelPickedUp,
  PickupAttemptFailed,
  PickupRescheduled,
  PickupScheduled,
  RefundIssued,
  ReturnApproved,
  ReturnCancelled,
  ReturnCompleted,
  ReturnExpired,
  ReturnRejected,
  StoreCreditIssued,
  type EventClass,
  type EventPayload,
} from '@rebound/contracts';

export const PUBLIC_EVENT_TYPES = [
  'return.approved',
  'return.rejected',
  'return.cancelled',
  'return.expired',
  'return.completed',
  'label.issued',
  'pickup.scheduled',
  'pickup.rescheduled',
  'pickup.failed',
  'parcel.picked_up',
  'parcel.received',
  'inspection.completed',
  'refund.issued',
  'store_credit.issued',
  'exchange.ordered',
] as const;
export type PublicEventType = (typeof PUBLIC_EVENT_TYPES)[number];

/** The version of every type's shape today. */
export const PUBLIC_EVENT_VERSION = 1;

/** What Rebound knows of a return from its approval (or rejection): who it belongs to. */
export interface KnownReturn {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly loyaltyTier?: string;
}

/** The body of a webhook: Standard Webhooks' `type`, `timestamp`, `data`, plus the id and the shape's version. */
export interface PublicEvent {
  /** `evt_<source event id>`: the same for every delivery of this event, to every subscription. */
  readonly id: string;
  readonly type: PublicEventType;
  readonly version: number;
  /** When it happened (the source event's time), ISO 8601. */
  readonly timestamp: string;
  readonly data: PublicEventData;
}

/** Every type carries the return, its order and its customer; the rest is the type's own. */
export interface PublicEventData {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly [field: string]: unknown;
}

/** The lifecycle event a public one is made from, as the consumer read it. */
export interface SourceEvent<T extends EventPayload = EventPayload> {
  readonly id: string;
  readonly time: Date;
  readonly data: T;
}

interface Mapping<T extends EventPayload> {
  readonly eventClass: EventClass<T>;
  readonly type: PublicEventType;
  readonly fields: (data: T) => Record<string, unknown>;
}

function mapping<T extends EventPayload>(
  eventClass: EventClass<T>,
  type: PublicEventType,
  fields: (data: T) => Record<string, unknown>,
): Mapping<T> {
  return { eventClass, type, fields };
}

const money = (amountMinor: number, currency: string) => ({ amountMinor, currency });
const slot = (window: { from: string; to: string }) => ({ from: window.from, to: window.to });

/** Which lifecycle event makes which public event, and its type's own fields. */
export const PUBLIC_MAPPINGS = [
  mapping(ReturnApproved, 'return.approved', (e) => ({
    method: e.method,
    refundMethod: e.refundMethod,
    expectedRefund: money(e.expectedRefundMinor, e.currency),
    lines: e.lines.map((line) => ({
      lineId: line.lineId,
      sku: line.sku,
      quantity: line.quantity,
      resolution: line.resolution?.kind ?? 'refund',
    })),
    approvedAt: e.approvedAt,
  })),
  mapping(ReturnRejected, 'return.rejected', (e) => ({
    lines: e.lines.map((line) => ({ lineId: line.lineId, reasons: line.reasons.map((reason) => reason.message) })),
    ...(e.note !== undefined && { note: e.note }),
    rejectedAt: e.rejectedAt,
  })),
  mapping(ReturnCancelled, 'return.cancelled', (e) => ({
    ...(e.reason !== undefined && { reason: e.reason }),
    cancelledAt: e.cancelledAt,
  })),
  mapping(ReturnExpired, 'return.expired', (e) => ({ reason: e.reason, expiredAt: e.expiredAt })),
  mapping(ReturnCompleted, 'return.completed', (e) => ({
    refunded: money(e.refundedMinor, e.currency),
    completedAt: e.completedAt,
  })),
  mapping(LabelIssued, 'label.issued', (e) => ({
    partnerId: e.partnerId,
    method: e.method,
    trackingNumber: e.trackingNumber,
    ...(e.dropOffCode !== undefined && { dropOffCode: e.dropOffCode }),
    expiresAt: e.expiresAt,
  })),
  mapping(PickupScheduled, 'pickup.scheduled', (e) => ({
    pickupId: e.pickupId,
    partnerId: e.partnerId,
    method: e.method,
    slot: slot(e.slot),
    attempt: e.attempt,
  })),
  mapping(PickupRescheduled, 'pickup.rescheduled', (e) => ({
    pickupId: e.pickupId,
    partnerId: e.partnerId,
    method: e.method,
    slot: slot(e.slot),
    attempt: e.attempt,
    reason: e.reason,
  })),
  mapping(PickupAttemptFailed, 'pickup.failed', (e) => ({
    pickupId: e.pickupId,
    partnerId: e.partnerId,
    attempt: e.attempt,
    reason: e.reason,
  })),
  mapping(ParcelPickedUp, 'parcel.picked_up', (e) => ({
    pickupId: e.pickupId,
    partnerId: e.partnerId,
    ...(e.trackingNumber !== undefined && { trackingNumber: e.trackingNumber }),
    lines: e.lines.map((line) => ({ lineId: line.lineId, sku: line.sku, quantity: line.quantity })),
  })),
  mapping(ParcelDeliveredToWarehouse, 'parcel.received', (e) => ({
    pickupId: e.pickupId,
    partnerId: e.partnerId,
    warehouseId: e.warehouseId,
  })),
  mapping(InspectionCompleted, 'inspection.completed', (e) => ({
    warehouseId: e.warehouseId,
    lines: e.lines.map((line) => ({
      lineId: line.lineId,
      sku: line.sku,
      receivedQuantity: line.receivedQuantity,
      grade: line.grade,
      disposition: line.disposition,
      flags: line.flags,
    })),
    completedAt: e.completedAt,
  })),
  mapping(RefundIssued, 'refund.issued', (e) => ({
    refundId: e.refundId,
    amount: money(e.amountMinor, e.currency),
    phase: e.phase,
  })),
  mapping(StoreCreditIssued, 'store_credit.issued', (e) => ({
    refundId: e.refundId,
    amount: money(e.amountMinor, e.currency),
    bonus: money(e.bonusMinor, e.currency),
    phase: e.phase,
  })),
  mapping(ExchangeOrderRequested, 'exchange.ordered', (e) => ({
    instant: e.instant,
    lines: e.lines.map((line) => ({ lineId: line.lineId, sku: line.sku, quantity: line.quantity })),
    requestedAt: e.requestedAt,
  })),
] as const;

/** The public event a lifecycle event makes, for the return it is about. */
export function publicEventOf<T extends EventPayload>(
  eventClass: EventClass<T>,
  source: SourceEvent<T>,
  known: KnownReturn,
): PublicEvent {
  const entry = PUBLIC_MAPPINGS.find((candidate) => candidate.eventClass.eventType === eventClass.eventType) as
    Mapping<T> | undefined;
  if (!entry) throw new Error(`${eventClass.eventType} makes no public event`);
  return {
    id: publicEventId(source.id),
    type: entry.type,
    version: PUBLIC_EVENT_VERSION,
    timestamp: source.time.toISOString(),
    data: {
      returnId: known.returnId,
      orderId: known.orderId,
      customerId: known.customerId,
      ...entry.fields(source.data),
    },
  };
}

/** Derived from the source event's id (a uuid), never random: the same source, the same public id. */
export function publicEventId(sourceEventId: string): string {
  return `evt_${sourceEventId.replace(/-/g, '')}`;
}
