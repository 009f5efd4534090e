/** Giving a pickup up: it ends, returns-intake expires the return, and the partner is told not to come. */
import type { PickupAbandonReason } from '@rebound/contracts';
import { announceAbandoned } from './announcements';
import type { Pickup } from './pickup';
import type { PickupsTransaction } from './ports';

export async function abandonPickup(
  tx: PickupsTransaction,
  pickup: Pickup,
  reason: PickupAbandonReason,
  detail: string,
  now: Date,
): Promise<void> {
  const abandoned: Pickup = { ...pickup, state: 'abandoned', abandonReason: reason, updatedAt: now };
  await tx.store.updatePickup(abandoned);
  await announceAbandoned(tx.events, abandoned, reason, detail, pickup.slot ? pickup.attempt : 0);
}
