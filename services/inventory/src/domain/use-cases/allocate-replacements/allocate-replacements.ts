/**
 * The exchange order takes the replacements held for it: each line's held units leave the stock
 * (ReplacementAllocated, and a level with fewer reserved). Every line must find what it ships held —
 * the same sku, units and warehouse — or nothing is taken: the approval that held them precedes the
 * order on the same partition of `returns.return.v1`, so a line with nothing held will not get it by
 * waiting, and the order is refused for good (dead-lettered, for someone to look at). A line already
 * taken by this order is not taken again.
 */
import { DomainError, type Clock, type UseCase } from '@rebound/kernel';
import type { ExchangeOrderRequested } from '@rebound/contracts';
import type { InventoryTransaction, Reservation } from '../../ports';
import { allocateReplacement, lockSkus } from '../../replacements';
import type { ChangeStock } from '../change-stock/change-stock';

export class AllocateReplacements implements UseCase<InventoryTransaction, ExchangeOrderRequested, void> {
  constructor(
    private readonly clock: Clock,
    private readonly changeStock: ChangeStock,
  ) {}

  /** The event is its command: its lines were checked when it was decoded (whole units, a named warehouse). */
  async execute(tx: InventoryTransaction, order: ExchangeOrderRequested): Promise<void> {
    const reservations = await tx.reservations.lockReservationsOf(order.returnId);
    const due: Reservation[] = [];
    const missing: string[] = [];
    for (const line of order.lines) {
      const ofLine = reservations.filter((reservation) => reservation.lineId === line.lineId);
      const held = ofLine.find((reservation) => reservation.status === 'held');
      if (held && held.sku === line.sku && held.quantity === line.quantity && held.warehouseId === line.warehouseId) {
        due.push(held);
      } else if (held || !ofLine.some((reservation) => reservation.status === 'allocated')) {
        missing.push(
          held
            ? `line ${line.lineId} asks for ${line.quantity} of ${line.sku} at ${line.warehouseId}, but ${held.quantity} of ${held.sku} are held at ${held.warehouseId}`
            : `line ${line.lineId} has no ${line.sku} held`,
        );
      }
    }
    if (missing.length > 0) {
      throw new DomainError(
        'unprocessable',
        'replacement-not-held',
        `the exchange order of return ${order.returnId} cannot take its replacements: ${missing.join('; ')}`,
      );
    }
    await lockSkus(
      tx,
      due.map((reservation) => reservation.sku),
    );
    const now = this.clock.now();
    for (const reservation of due) await allocateReplacement(tx, this.changeStock, reservation, now);
  }
}
