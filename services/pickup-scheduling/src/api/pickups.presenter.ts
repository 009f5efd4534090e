/** Domain results as the REST API answers them: dates as ISO strings, topics named, copies not references. */
import { PartnerTopics, type Actor } from '@rebound/contracts';
import type { RegisteredPartner } from '../domain/partner';
import type { Pickup } from '../domain/pickup';
import type { RejectedEntry, TrackingHistoryEntry } from '../domain/ports';
import type { ActorResponse, PartnerResponse, RejectedEventResponse } from './dto/partner.response';
import type { PickupResponse, PickupSummaryResponse } from './dto/pickup.response';

export function presentPartner(partner: RegisteredPartner): PartnerResponse {
  return {
    ...partner,
    createdAt: partner.createdAt.toISOString(),
    createdBy: partner.createdBy && presentActor(partner.createdBy),
    updatedAt: partner.updatedAt.toISOString(),
    updatedBy: partner.updatedBy && presentActor(partner.updatedBy),
    serviceAreas: partner.serviceAreas.map((area) => ({ ...area, postalPrefixes: [...area.postalPrefixes] })),
    capabilities: [...partner.capabilities],
    slotWindows: partner.slotWindows.map((window) => ({ ...window })),
    trackingTopic: PartnerTopics.tracking.nameFor(partner.partnerId),
    bookingsTopic: PartnerTopics.bookings.nameFor(partner.partnerId),
  };
}

export function presentActor(actor: Actor): ActorResponse {
  return { subject: actor.subject, clientId: actor.clientId };
}

function span(value: { from: Date; to: Date } | null) {
  return value && { from: value.from.toISOString(), to: value.to.toISOString() };
}

export function presentSummary(pickup: Pickup): PickupSummaryResponse {
  return {
    pickupId: pickup.pickupId,
    returnId: pickup.returnId,
    partnerId: pickup.partnerId,
    method: pickup.method,
    state: pickup.state,
    attempt: pickup.attempt,
    maxAttempts: pickup.maxAttempts,
    slot: span(pickup.slot),
    trackingNumber: pickup.trackingNumber,
    dropOffCode: pickup.dropOffCode,
    deadline: pickup.deadline?.toISOString() ?? null,
    abandonReason: pickup.abandonReason,
    createdAt: pickup.createdAt.toISOString(),
    updatedAt: pickup.updatedAt.toISOString(),
  };
}

export function presentRejected(row: RejectedEntry): RejectedEventResponse {
  return {
    rejectionId: row.rejectionId,
    eventId: row.eventId,
    pickupId: row.pickupId,
    channel: row.channel,
    reason: row.reason,
    detail: row.detail,
    payload: row.payload,
    receivedAt: row.receivedAt.toISOString(),
  };
}

export function presentPickup(pickup: Pickup, tracking: TrackingHistoryEntry[]): PickupResponse {
  return {
    ...presentSummary(pickup),
    window: span(pickup.window),
    destinationWarehouseId: pickup.destinationWarehouseId,
    lines: pickup.lines.map((line) => ({ ...line })),
    choice: pickup.choice as PickupResponse['choice'],
    tracking: tracking.map((entry) => ({
      ...entry,
      occurredAt: entry.occurredAt.toISOString(),
      receivedAt: entry.receivedAt.toISOString(),
    })),
  };
}
