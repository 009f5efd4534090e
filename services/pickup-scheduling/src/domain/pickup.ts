/**
 * A pickup (or a label, for drop-off and mail-back) and the rule that moves it: tracking moves it
 * forward only, so a duplicate or a late event is kept in history and changes nothing.
 */
import {
  isPickupMethod,
  type Address,
  type ParcelLine,
  type PickupAbandonReason,
  type ReturnMethod,
  type TimeSpan,
  type TrackingStatus,
} from '@rebound/contracts';

export const PICKUP_STATES = [
  'scheduled',
  'label_issued',
  'out_for_pickup',
  'picked_up',
  'in_transit',
  'delivered',
  'cancelled',
  'abandoned',
] as const;
export type PickupState = (typeof PICKUP_STATES)[number];

/** How far along the parcel is; tracking never moves a pickup to a lower rank. */
const RANK: Record<PickupState, number> = {
  scheduled: 0,
  label_issued: 0,
  out_for_pickup: 1,
  picked_up: 2,
  in_transit: 3,
  delivered: 4,
  cancelled: Infinity,
  abandoned: Infinity,
};

/** Why this partner was chosen, and what was wrong with the others: stored with the pickup. */
export interface PartnerChoice {
  readonly chosen: string | null;
  readonly rule: string;
  readonly considered: readonly { readonly partnerId: string; readonly outcome: string }[];
}

export interface Pickup {
  readonly pickupId: string;
  readonly returnId: string;
  readonly partnerId: string | null;
  readonly method: ReturnMethod;
  readonly state: PickupState;
  /** The current attempt, from 1. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** The customer's window (pickup methods). */
  readonly window: TimeSpan | null;
  /** The booked slot of the current attempt (pickup methods). */
  readonly slot: TimeSpan | null;
  readonly address: Address | null;
  readonly trackingNumber: string | null;
  readonly dropOffCode: string | null;
  /** Past this, an unused label or booking is given up. */
  readonly deadline: Date | null;
  readonly destinationWarehouseId: string | null;
  readonly lines: readonly ParcelLine[];
  readonly choice: PartnerChoice;
  /** When the current attempt was booked: an attempt failure reported from before it belongs to an earlier one. */
  readonly attemptBookedAt: Date;
  readonly abandonReason: PickupAbandonReason | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What a tracking event means for a pickup. */
export type TrackingOutcome =
  | {
      readonly kind: 'advance';
      readonly to: PickupState;
      /** Collected before anybody said "picked up": downstream still needs ParcelPickedUp. */
      readonly impliesPickedUp: boolean;
      /** Collected before the abandonment that ended it: the pickup was not lost after all. */
      readonly revives: boolean;
    }
  | { readonly kind: 'attempt-failed' }
  | { readonly kind: 'ignored'; readonly why: string };

const STATE_OF: Partial<Record<TrackingStatus, PickupState>> = {
  out_for_pickup: 'out_for_pickup',
  picked_up: 'picked_up',
  in_transit: 'in_transit',
  delivered_to_warehouse: 'delivered',
};

export function isEnded(state: PickupState): boolean {
  return state === 'cancelled' || state === 'abandoned' || state === 'delivered';
}

/** Cancellable while nobody has the parcel yet. */
export function isCancellable(state: PickupState): boolean {
  return RANK[state] <= RANK.out_for_pickup;
}

export function assessTracking(
  pickup: Pickup,
  event: { readonly status: TrackingStatus; readonly occurredAt: Date },
): TrackingOutcome {
  if (event.status === 'exception') return { kind: 'ignored', why: 'exceptions are kept for the record only' };
  if (event.status === 'attempt_failed') return assessFailedAttempt(pickup, event.occurredAt);
  const to = STATE_OF[event.status] as PickupState;
  if (pickup.state === 'abandoned') {
    // A partner that reports late may have had the parcel before the pickup was given up.
    if (RANK[to] >= RANK.picked_up && event.occurredAt <= pickup.updatedAt) {
      return { kind: 'advance', to, impliesPickedUp: RANK[to] > RANK.picked_up, revives: true };
    }
    return { kind: 'ignored', why: 'the pickup is abandoned' };
  }
  if (pickup.state === 'cancelled') return { kind: 'ignored', why: 'the pickup is cancelled' };
  if (RANK[to] <= RANK[pickup.state]) {
    return { kind: 'ignored', why: `the pickup is already ${pickup.state}` };
  }
  if (to === 'out_for_pickup' && pickup.attempt > 1 && event.occurredAt < pickup.attemptBookedAt) {
    return { kind: 'ignored', why: `it reports an attempt before attempt ${pickup.attempt} was booked` };
  }
  return {
    kind: 'advance',
    to,
    impliesPickedUp: RANK[pickup.state] < RANK.picked_up && RANK[to] > RANK.picked_up,
    revives: false,
  };
}

function assessFailedAttempt(pickup: Pickup, occurredAt: Date): TrackingOutcome {
  if (pickup.state === 'cancelled' || pickup.state === 'abandoned') {
    return { kind: 'ignored', why: `the pickup is ${pickup.state}` };
  }
  if (!isPickupMethod(pickup.method)) return { kind: 'ignored', why: 'a label has no pickup attempts' };
  if (RANK[pickup.state] > RANK.out_for_pickup) {
    return { kind: 'ignored', why: `the parcel is already ${pickup.state}` };
  }
  if (occurredAt < pickup.attemptBookedAt) {
    return { kind: 'ignored', why: `it reports an attempt before attempt ${pickup.attempt} was booked` };
  }
  return { kind: 'attempt-failed' };
}

/** The pickup given up: it ends, and why is kept with it. */
export function abandoned(pickup: Pickup, reason: PickupAbandonReason, now: Date): Pickup {
  return { ...pickup, state: 'abandoned', abandonReason: reason, updatedAt: now };
}
