/**
 * A cancelled or expired return's replacements go back on sale (ReplacementReleased with the reason):
 * every reservation still held, none twice. What an exchange order already took stays taken.
 */
import type { Clock, UseCase } from '@rebound/kernel';
import type { InventoryTransaction } from '../../ports';
import { lockSkus, releaseReplacement } from '../../replacements';
import type { ChangeStock } from '../change-stock/change-stock';
import type { ReleaseReplacementsCommand } from './release-replacements.command';

export class ReleaseReplacements implements UseCase<InventoryTransaction, ReleaseReplacementsCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly changeStock: ChangeStock,
  ) {}

  async execute(tx: InventoryTransaction, { returnId, reason }: ReleaseReplacementsCommand): Promise<void> {
    const held = (await tx.reservations.lockReservationsOf(returnId)).filter(
      (reservation) => reservation.status === 'held',
    );
    if (held.length === 0) return;
    await lockSkus(
      tx,
      held.map((reservation) => reservation.sku),
    );
    const now = this.clock.now();
    for (const reservation of held) await releaseReplacement(tx, this.changeStock, reservation, reason, now);
  }
}
