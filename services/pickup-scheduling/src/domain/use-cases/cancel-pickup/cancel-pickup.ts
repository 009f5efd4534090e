/**
 * A return cancelled before anyone has the parcel: the booking is cancelled with the partner and its
 * slot given back. Once the parcel is picked up (or the pickup already ended) there is nothing to
 * cancel, and the pickup goes on as it is.
 */
import type { UseCase } from '@rebound/kernel';
import { announceCancelled, isAssigned } from '../../announcements';
import { isCancellable } from '../../pickup';
import type { Clock, PickupsTransaction } from '../../ports';
import type { CancelPickupCommand } from './cancel-pickup.command';

export type CancelResult = 'cancelled' | 'no-pickup' | 'too-late';

export class CancelPickup implements UseCase<PickupsTransaction, CancelPickupCommand, CancelResult> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: PickupsTransaction, command: CancelPickupCommand): Promise<CancelResult> {
    const pickup = await tx.pickups.lockPickupOfReturn(command.returnId);
    if (!pickup) return 'no-pickup';
    if (!isCancellable(pickup.state) || !isAssigned(pickup)) return 'too-late';
    if (pickup.slot) await tx.pickups.releaseSlot(pickup.partnerId, pickup.slot.from);
    await tx.pickups.updatePickup({ ...pickup, state: 'cancelled', updatedAt: this.clock.now() });
    await announceCancelled(tx.events, pickup, `return cancelled by ${command.cancelledBy}`);
    return 'cancelled';
  }
}
