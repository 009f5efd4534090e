/**
 * The return's status through the lifecycle. Status only moves forward: a duplicate or late event
 * never moves it back, and a return that ended (rejected, cancelled, expired, completed) stays ended —
 * save an expired one whose parcel turns out to have been collected in time.
 */

export const RETURN_STATUSES = [
  'requested',
  'pending_review',
  'approved',
  'awaiting_pickup',
  'awaiting_dropoff',
  'in_transit',
  'received',
  'inspected',
  'refunded',
  'completed',
  'rejected',
  'cancelled',
  'expired',
] as const;

export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** Position on the main path; the two awaiting states are alternatives at the same step. */
const PROGRESS: Partial<Record<ReturnStatus, number>> = {
  requested: 0,
  pending_review: 1,
  approved: 2,
  awaiting_pickup: 3,
  awaiting_dropoff: 3,
  in_transit: 4,
  received: 5,
  inspected: 6,
  refunded: 7,
  completed: 8,
};

/** The side exits and the states they may leave from. */
const EXITS: Partial<Record<ReturnStatus, readonly ReturnStatus[]>> = {
  rejected: ['requested', 'pending_review'],
  cancelled: ['requested', 'pending_review', 'approved', 'awaiting_pickup', 'awaiting_dropoff'],
  expired: ['approved', 'awaiting_pickup', 'awaiting_dropoff'],
};

export const ENDED_STATUSES: readonly ReturnStatus[] = ['completed', 'rejected', 'cancelled', 'expired'];

/**
 * Expired means nobody collected the parcel in time. When the partner reports, late, a collection
 * from before that, the return did not expire after all and goes on with its parcel.
 */
const REVIVED_FROM_EXPIRED: readonly ReturnStatus[] = ['in_transit', 'received'];

export function isEnded(status: ReturnStatus): boolean {
  return ENDED_STATUSES.includes(status);
}

/** Whether a return in `current` may move to `target`; false for moves backwards or sideways. */
export function canMove(current: ReturnStatus, target: ReturnStatus): boolean {
  if (current === 'expired') return REVIVED_FROM_EXPIRED.includes(target);
  if (isEnded(current)) return false;
  const exit = EXITS[target];
  if (exit) return exit.includes(current);
  return (PROGRESS[target] ?? -1) > (PROGRESS[current] ?? Number.MAX_SAFE_INTEGER);
}

/** The customer can cancel until the parcel is on its way. */
export function isCancellable(status: ReturnStatus): boolean {
  return canMove(status, 'cancelled');
}

/** Returns given up on: their units no longer count as returned against the order line. */
export const ABANDONED_STATUSES: readonly ReturnStatus[] = ['rejected', 'cancelled', 'expired'];

/** Statuses whose units count as returned against the order line (open or done, not abandoned). */
export function holdsQuantity(status: ReturnStatus): boolean {
  return !ABANDONED_STATUSES.includes(status);
}
