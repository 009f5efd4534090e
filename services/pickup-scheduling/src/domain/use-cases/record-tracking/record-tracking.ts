/**
 * Applies one tracking event from a partner, whichever way it came (its Kafka topic or a signed
 * webhook). The partner is the one the channel authenticated; an event about a pickup that is not
 * that partner's is recorded as rejected and changes nothing. Every accepted event is kept in the
 * pickup's history, and a second copy of one (same partner event id) is recognised and changes
 * nothing. Tracking moves a pickup forward only; a failed attempt rebooks the next free slot with
 * the same partner until the return's attempts run out, then the pickup is abandoned.
 */
import type { PickupAbandonReason } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import {
  announceAbandoned,
  announceAttemptFailed,
  announceMovement,
  announcePickedUp,
  announceRescheduled,
  announceVisitCalledOff,
  isAssigned,
  type AssignedPickup,
} from '../../announcements';
import { abandoned, assessTracking, type Pickup } from '../../pickup';
import type { Clock, PickupsTransaction, RejectionReason, SchedulingSettings } from '../../ports';
import { reserveEarliest } from '../book-pickup/book-pickup';
import type { RecordTrackingCommand } from './record-tracking.command';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export type TrackingResult =
  | { readonly outcome: 'applied'; readonly state: Pickup['state'] }
  | { readonly outcome: 'ignored'; readonly state: Pickup['state']; readonly why: string }
  | { readonly outcome: 'duplicate' }
  | { readonly outcome: 'rejected'; readonly reason: RejectionReason; readonly detail: string };

export class RecordTracking implements UseCase<PickupsTransaction, RecordTrackingCommand, TrackingResult> {
  constructor(
    private readonly clock: Clock,
    private readonly settings: SchedulingSettings,
  ) {}

  async execute(tx: PickupsTransaction, report: RecordTrackingCommand): Promise<TrackingResult> {
    const { event, partnerId } = report;
    const now = this.clock.now();
    const pickup = await tx.pickups.lockPickup(event.pickupId);
    if (!pickup || pickup.partnerId !== partnerId || !isAssigned(pickup)) {
      const reason: RejectionReason = pickup ? 'foreign-pickup' : 'unknown-pickup';
      const detail = pickup
        ? `pickup ${event.pickupId} is not ${partnerId}'s`
        : `pickup ${event.pickupId} does not exist`;
      await tx.tracking.insertRejected({
        partnerId,
        eventId: report.eventId,
        pickupId: event.pickupId,
        channel: report.channel,
        reason,
        detail,
        payload: event,
        receivedAt: now,
      });
      return { outcome: 'rejected', reason, detail };
    }
    const occurredAt = new Date(event.occurredAt);
    const assessment = assessTracking(pickup, { status: event.status, occurredAt });
    const recorded = await tx.tracking.insertTracking({
      partnerId,
      eventId: report.eventId,
      pickupId: pickup.pickupId,
      status: event.status,
      occurredAt,
      receivedAt: now,
      channel: report.channel,
      payload: event,
      outcome: assessment.kind === 'ignored' ? 'ignored' : 'applied',
      note: assessment.kind === 'ignored' ? assessment.why : null,
    });
    if (!recorded) return { outcome: 'duplicate' };
    switch (assessment.kind) {
      case 'ignored':
        return { outcome: 'ignored', state: pickup.state, why: assessment.why };
      case 'advance': {
        const moved: AssignedPickup = {
          ...pickup,
          state: assessment.to,
          // Once somebody has the parcel, nothing is left to expire.
          deadline: assessment.to === 'out_for_pickup' ? pickup.deadline : null,
          abandonReason: assessment.revives ? null : pickup.abandonReason,
          updatedAt: now,
        };
        await tx.pickups.updatePickup(moved);
        if (visitNoLongerNeeded(pickup, moved, occurredAt)) await this.callOffVisit(tx, moved);
        // Delivered or in transit before anybody said "picked up": it was, and downstream needs to know.
        if (assessment.impliesPickedUp) await announcePickedUp(tx.events, moved);
        await announceMovement(tx.events, moved, event);
        return { outcome: 'applied', state: moved.state };
      }
      case 'attempt-failed':
        return {
          outcome: 'applied',
          state: await this.attemptFailed(tx, pickup, event.reason ?? event.status, occurredAt, now),
        };
    }
  }

  private async attemptFailed(
    tx: PickupsTransaction,
    pickup: AssignedPickup,
    reason: string,
    failedAt: Date,
    now: Date,
  ): Promise<Pickup['state']> {
    await announceAttemptFailed(tx.events, pickup, reason);
    if (pickup.attempt >= pickup.maxAttempts) {
      const detail = `pickup failed ${pickup.attempt} time(s), the most the return allows; last: ${reason}`;
      await this.abandon(tx, pickup, 'attempts_exhausted', detail, now);
      return 'abandoned';
    }
    const partner = (await tx.partners.rankedPartners()).find((candidate) => candidate.partnerId === pickup.partnerId);
    const horizon = { from: now, to: new Date(now.getTime() + this.settings.rebookHorizonDays * DAY_MS) };
    // Never the slot that just failed, even when the failure is reported before it began.
    const failedSlotFrom = pickup.slot?.from;
    const notBefore = failedSlotFrom && failedSlotFrom > now ? failedSlotFrom : now;
    const slot = partner ? await reserveEarliest(tx, partner, horizon, notBefore) : null;
    if (!slot) {
      const detail = `no free slot with ${pickup.partnerId} in the next ${this.settings.rebookHorizonDays} days to try again after: ${reason}`;
      await this.abandon(tx, pickup, 'no_partner_available', detail, now);
      return 'abandoned';
    }
    const rebooked: AssignedPickup = {
      ...pickup,
      state: 'scheduled',
      attempt: pickup.attempt + 1,
      slot: { from: slot.from, to: slot.to },
      deadline: new Date(slot.to.getTime() + this.settings.bookingGraceHours * HOUR_MS),
      // What the partner reports from before the failure belongs to the failed attempt, whatever the clocks.
      attemptBookedAt: failedAt > now ? failedAt : now,
      updatedAt: now,
    };
    await tx.pickups.updatePickup(rebooked);
    await announceRescheduled(tx.events, rebooked, reason);
    return 'scheduled';
  }

  /** The pickup ends, returns-intake expires the return, and the partner is told not to come. */
  private async abandon(
    tx: PickupsTransaction,
    pickup: AssignedPickup,
    reason: PickupAbandonReason,
    detail: string,
    now: Date,
  ): Promise<void> {
    const given = abandoned(pickup, reason, now);
    await tx.pickups.updatePickup(given);
    await announceAbandoned(tx.events, given, reason, detail, pickup.slot ? pickup.attempt : 0);
  }

  /** The rebooked visit's slot goes back to the partner's capacity, and the partner is told not to come. */
  private async callOffVisit(tx: PickupsTransaction, pickup: AssignedPickup): Promise<void> {
    if (pickup.slot) await tx.pickups.releaseSlot(pickup.partnerId, pickup.slot.from);
    await announceVisitCalledOff(
      tx.events,
      pickup,
      `the parcel was collected before attempt ${pickup.attempt}'s slot; that visit is not needed`,
    );
  }
}

/** Collected before the slot of a rebooked visit began: that visit would find nothing to collect. */
function visitNoLongerNeeded(before: Pickup, after: Pickup, occurredAt: Date): boolean {
  return (
    before.state === 'scheduled' &&
    before.attempt > 1 &&
    after.state !== 'out_for_pickup' &&
    before.slot !== null &&
    occurredAt < before.slot.from
  );
}
