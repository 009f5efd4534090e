/**
 * Replacements held for exchanges: the steps the reservation use cases share inside their
 * transaction. A replacement is held whole at one warehouse — the one that can sell the most of it,
 * the first by id among equals — so that the exchange ships from one place. Held units move in the
 * ledger from `sellable` to `reserved` (channels can no longer sell them), back on release, and out
 * of `reserved` when the exchange order takes them; the level and the stock-level topic follow every
 * move through ChangeStock, and each move is announced on `inventory.stock.v1` under the return id.
 *
 * Callers lock every level of the skus they will touch (`lockSkus`) before anything else: levels are
 * then always taken in key order, so two transactions never wait on each other in a circle, and two
 * reservations of the last unit are decided one after the other — the second sees what the first left.
 */
import type { FieldProblem } from '@rebound/kernel';
import {
  ReplacementAllocated,
  ReplacementReleased,
  ReplacementReservationFailed,
  ReplacementReserved,
  type ReplacementItem,
  type ReservationReleaseReason,
} from '@rebound/contracts';
import type { InventoryTransaction, Movement, Reservation } from './ports';
import type { StockChange } from './stock';
import type { ChangeStock } from './use-cases/change-stock/change-stock';
import { ChangeStockCommand } from './use-cases/change-stock/change-stock.command';

/** A line's replacement to hold: so many units of a sku. */
export interface ReplacementRequest {
  readonly returnId: string;
  readonly lineId: string;
  readonly sku: string;
  readonly quantity: number;
}

/** An exchange names its replacement, in whole units, 1 or more. */
export function replacementProblems(replacement: ReplacementItem | undefined, field: string): FieldProblem[] {
  if (!replacement) return [{ field, message: 'an exchange must name its replacement' }];
  if (!Number.isInteger(replacement.quantity) || replacement.quantity < 1) {
    return [{ field: `${field}.quantity`, message: 'must be a whole number, 1 or more' }];
  }
  return [];
}

/** Locks every level of the skus, in key order: the first thing a transaction that holds or frees replacements does. */
export async function lockSkus(tx: InventoryTransaction, skus: readonly string[]): Promise<void> {
  await tx.stock.lockLevelsOf([...new Set(skus)]);
}

/**
 * Holds the replacement at the warehouse with the most sellable units, if that is enough; otherwise
 * announces that it could not, with the most any warehouse could sell.
 */
export async function reserveReplacement(
  tx: InventoryTransaction,
  changeStock: ChangeStock,
  request: ReplacementRequest,
  now: Date,
): Promise<Reservation | null> {
  // Read again under the lock: an earlier line of the same transaction may have taken units.
  const levels = await tx.stock.lockLevelsOf([request.sku]);
  const best = levels.reduce<(typeof levels)[number] | undefined>(
    (most, level) => (most === undefined || level.buckets.sellable > most.buckets.sellable ? level : most),
    undefined,
  );
  const sellable = best?.buckets.sellable ?? 0;
  if (best === undefined || sellable < request.quantity) {
    await tx.events.publish(
      ReplacementReservationFailed,
      { ...request, sellable, checkedAt: now.toISOString() },
      request.returnId,
    );
    return null;
  }
  const reservation = await tx.reservations.hold({ ...request, warehouseId: best.warehouseId, reservedAt: now });
  await moveStock(
    tx,
    changeStock,
    reservation,
    'replacement_reserved',
    `reservation:${reservation.reservationId}`,
    now,
    [
      { bucket: 'sellable', quantityDelta: -reservation.quantity },
      { bucket: 'reserved', quantityDelta: reservation.quantity },
    ],
  );
  await tx.events.publish(
    ReplacementReserved,
    { ...request, warehouseId: reservation.warehouseId, reservedAt: now.toISOString() },
    request.returnId,
  );
  return reservation;
}

/** Puts held units on sale again; a reservation no longer held is left as it is. */
export async function releaseReplacement(
  tx: InventoryTransaction,
  changeStock: ChangeStock,
  reservation: Reservation,
  reason: ReservationReleaseReason,
  now: Date,
): Promise<void> {
  if (reservation.status !== 'held') return;
  await tx.reservations.release(reservation.reservationId, reason, now);
  await moveStock(
    tx,
    changeStock,
    reservation,
    'replacement_released',
    `release:${reservation.reservationId}`,
    now,
    [
      { bucket: 'reserved', quantityDelta: -reservation.quantity },
      { bucket: 'sellable', quantityDelta: reservation.quantity },
    ],
    reason,
  );
  await tx.events.publish(
    ReplacementReleased,
    { ...announced(reservation), reason, releasedAt: now.toISOString() },
    reservation.returnId,
  );
}

/** Hands held units to the exchange order: they leave the stock. */
export async function allocateReplacement(
  tx: InventoryTransaction,
  changeStock: ChangeStock,
  reservation: Reservation,
  now: Date,
): Promise<void> {
  await tx.reservations.allocate(reservation.reservationId, now);
  await moveStock(
    tx,
    changeStock,
    reservation,
    'replacement_allocated',
    `allocation:${reservation.reservationId}`,
    now,
    [{ bucket: 'reserved', quantityDelta: -reservation.quantity }],
  );
  await tx.events.publish(
    ReplacementAllocated,
    { ...announced(reservation), allocatedAt: now.toISOString() },
    reservation.returnId,
  );
}

async function moveStock(
  tx: InventoryTransaction,
  changeStock: ChangeStock,
  reservation: Reservation,
  reason: Movement['reason'],
  sourceId: string,
  now: Date,
  deltas: readonly Required<Pick<StockChange, 'bucket' | 'quantityDelta'>>[],
  note?: string,
): Promise<void> {
  const lines = deltas.map((delta) => ({ sku: reservation.sku, warehouseId: reservation.warehouseId, ...delta }));
  const movement: Movement = {
    sourceId,
    reason,
    returnId: reservation.returnId,
    reference: reservation.lineId,
    ...(note !== undefined && { note }),
    occurredAt: now,
    lines,
  };
  await changeStock.execute(tx, ChangeStockCommand.of(lines, movement, now));
}

function announced(reservation: Reservation) {
  return {
    returnId: reservation.returnId,
    lineId: reservation.lineId,
    sku: reservation.sku,
    quantity: reservation.quantity,
    warehouseId: reservation.warehouseId,
  };
}
