/**
 * A return cancelled before anyone has the parcel: the booking is cancelled with the partner and its
 * slot given back. Once the parcel is picked up (or the pickup already ended) there is nothing to
 * cancel, and the pickup goes on as it is.
 */
import type { ReturnCancelled } from '@rebound/contracts';
import { announceCancelled, isAssigned } from '../../announcements';
import { isCancellable } from '../../pickup';
import type { Clock, PickupsTransaction } from '../../ports';

export type CancelResult = 'cancelled' | 'no-pickup' | 'too-late';

export class CancelPickup {
  constructor(private readonly clock: Clock) {}

  async execute(tx: PickupsTransaction, cancelled: ReturnCancelled): Promise<CancelResult> {
    const pickup = await tx.store.lockPickupOfReturn(cancelled.returnId);
    if (!pickup) return 'no-pickup';
    if (!isCancellable(pickup.state) || !isAssigned(pickup)) return 'too-late';
    if (pickup.slot) await tx.store.releaseSlot(pickup.partnerId, pickup.slot.from);
    await tx.store.updatePickup({ ...pickup, state: 'cancelled', updatedAt: this.clock.now() });
    await announceCancelled(tx.events, pickup, `return cancelled by ${cancelled.cancelledBy}`);
    return 'cancelled';
  }
}
