/**
 * An approved return's exchanged lines get their replacements held (ReplacementReserved), each at the
 * warehouse that can sell the most of it; a line no warehouse can serve is announced
 * (ReplacementReservationFailed) so that returns-intake moves it to the customer's next choice. A line
 * that already has a reservation, held or ended, is left alone: the approval heard again holds nothing twice.
 */
import type { Clock, UseCase } from '@rebound/kernel';
import type { InventoryTransaction } from '../../ports';
import { lockSkus, reserveReplacement } from '../../replacements';
import type { ChangeStock } from '../change-stock/change-stock';
import type { ReserveReplacementsCommand } from './reserve-replacements.command';

export class ReserveReplacements implements UseCase<InventoryTransaction, ReserveReplacementsCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly changeStock: ChangeStock,
  ) {}

  async execute(tx: InventoryTransaction, { returnId, requests }: ReserveReplacementsCommand): Promise<void> {
    if (requests.length === 0) return;
    const reserved = new Set((await tx.reservations.lockReservationsOf(returnId)).map((r) => r.lineId));
    const due = requests.filter((request) => !reserved.has(request.lineId));
    await lockSkus(
      tx,
      due.map((request) => request.sku),
    );
    const now = this.clock.now();
    for (const request of due) await reserveReplacement(tx, this.changeStock, request, now);
  }
}
