/**
 * returns-intake moved a line to the customer's next choice: what was held for the line goes back on
 * sale (ReplacementReleased, `replaced`) and, when the new choice is another exchange, its replacement
 * is held as an approval's would be — or announced as unavailable, and returns-intake moves on again.
 */
import type { Clock, UseCase } from '@rebound/kernel';
import type { InventoryTransaction } from '../../ports';
import { lockSkus, releaseReplacement, reserveReplacement } from '../../replacements';
import type { ChangeStock } from '../change-stock/change-stock';
import type { ChangeLineResolutionCommand } from './change-line-resolution.command';

export class ChangeLineResolution implements UseCase<InventoryTransaction, ChangeLineResolutionCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly changeStock: ChangeStock,
  ) {}

  async execute(
    tx: InventoryTransaction,
    { returnId, lineId, replacement }: ChangeLineResolutionCommand,
  ): Promise<void> {
    const held = (await tx.reservations.lockReservationsOf(returnId)).filter(
      (reservation) => reservation.lineId === lineId && reservation.status === 'held',
    );
    await lockSkus(tx, [...held.map((reservation) => reservation.sku), ...(replacement ? [replacement.sku] : [])]);
    const now = this.clock.now();
    for (const reservation of held) await releaseReplacement(tx, this.changeStock, reservation, 'replaced', now);
    if (replacement) await reserveReplacement(tx, this.changeStock, replacement, now);
  }
}
