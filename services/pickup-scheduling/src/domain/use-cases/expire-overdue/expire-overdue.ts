/**
 * Gives up one batch of labels nobody used before they expired and of bookings the partner never
 * acted on within the grace time after their slot. Several replicas may sweep at once: each takes a
 * batch of rows the others do not hold, so the sweeper runs batches until one comes back short.
 */
import type { UseCase } from '@rebound/kernel';
import { announceAbandoned } from '../../announcements';
import { abandoned } from '../../pickup';
import type { Clock, PickupsTransaction } from '../../ports';

/** The most pickups one transaction gives up. */
export const EXPIRY_BATCH = 100;

export class ExpireOverdue implements UseCase<PickupsTransaction, void, number> {
  constructor(private readonly clock: Clock) {}

  /** How many pickups were given up; fewer than EXPIRY_BATCH when nothing overdue is left. */
  async execute(tx: PickupsTransaction): Promise<number> {
    const now = this.clock.now();
    const overdue = await tx.pickups.lockOverdue(now, ['scheduled', 'label_issued', 'out_for_pickup'], EXPIRY_BATCH);
    for (const pickup of overdue) {
      const reason = pickup.slot ? 'booking_expired' : 'label_expired';
      const detail = pickup.slot
        ? `the partner did not collect in the slot ending ${pickup.slot.to.toISOString()} (attempt ${pickup.attempt})`
        : `the ${pickup.method} label was not used before ${pickup.deadline?.toISOString()}`;
      const given = abandoned(pickup, reason, now);
      await tx.pickups.updatePickup(given);
      await announceAbandoned(tx.events, given, reason, detail, pickup.slot ? pickup.attempt : 0);
    }
    return overdue.length;
  }
}
