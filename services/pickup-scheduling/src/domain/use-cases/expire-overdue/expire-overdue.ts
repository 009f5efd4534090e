/**
 * Gives up labels nobody used before they expired, and bookings the partner never acted on within
 * the grace time after their slot. Several replicas may sweep at once: each takes a batch of rows
 * the others do not hold.
 */
import { abandonPickup } from '../../abandon';
import type { Clock, TransactionRunner } from '../../ports';

const BATCH = 100;

export class ExpireOverdue {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Expires everything overdue now; returns how many pickups were given up. */
  async execute(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.transactions.run(async (tx) => {
        const now = this.clock.now();
        const overdue = await tx.store.lockOverdue(now, ['scheduled', 'label_issued', 'out_for_pickup'], BATCH);
        for (const pickup of overdue) {
          if (pickup.slot) {
            const detail = `the partner did not collect in the slot ending ${pickup.slot.to.toISOString()} (attempt ${pickup.attempt})`;
            await abandonPickup(tx, pickup, 'booking_expired', detail, now);
          } else {
            const detail = `the ${pickup.method} label was not used before ${pickup.deadline?.toISOString()}`;
            await abandonPickup(tx, pickup, 'label_expired', detail, now);
          }
        }
        return overdue.length;
      });
      total += expired;
      if (expired < BATCH) return total;
    }
  }
}
