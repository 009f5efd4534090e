/**
 * The one way stock changes: lock the levels the changes touch (in key order, so two movements
 * never deadlock), apply every change or refuse the whole movement, append the ledger, save the
 * levels and announce each new level on the compacted topic — all in the caller's transaction, so
 * the topic never runs ahead of or behind the ledger.
 */
import { StockLevelChanged, stockLevelKey } from '@rebound/contracts';
import { InventoryError } from '../errors';
import type { InventoryTransaction, Movement } from '../ports';
import { applyChanges, levelKey, quantitiesOf, type Shortfall, type StockChange, type StockLevel } from '../stock';

export async function changeStock(
  tx: InventoryTransaction,
  changes: readonly StockChange[],
  movement: Movement | null,
  now: Date,
): Promise<StockLevel[]> {
  const byKey = new Map<string, StockChange[]>();
  for (const change of changes) {
    const key = levelKey(change.sku, change.warehouseId);
    byKey.set(key, [...(byKey.get(key) ?? []), change]);
  }
  const keys = [...byKey.values()].map(([first]) => ({ sku: first.sku, warehouseId: first.warehouseId }));
  const levels = await tx.store.lockLevels(keys);
  const changed: StockLevel[] = [];
  const shortfalls: Shortfall[] = [];
  for (const level of levels) {
    const result = applyChanges(level, byKey.get(levelKey(level.sku, level.warehouseId)) ?? [], now);
    if ('shortfalls' in result) shortfalls.push(...result.shortfalls);
    else changed.push(result.level);
  }
  if (shortfalls.length > 0) throw insufficientStock(shortfalls);
  if (movement) await tx.store.appendLedger(movement, now);
  for (const level of changed) {
    await tx.store.saveLevel(level);
    await tx.events.publish(StockLevelChanged, announcement(level), stockLevelKey(level.sku, level.warehouseId));
  }
  return changed;
}

function announcement(level: StockLevel): StockLevelChanged {
  return {
    sku: level.sku,
    warehouseId: level.warehouseId,
    ...quantitiesOf(level),
    version: level.version,
    changedAt: level.updatedAt.toISOString(),
  };
}

function insufficientStock(shortfalls: readonly Shortfall[]): InventoryError {
  const words = shortfalls
    .map((s) => `${s.sku} at ${s.warehouseId} has ${s.available} ${s.bucket}, ${s.requested} asked`)
    .join('; ');
  return new InventoryError('conflict', 'insufficient-stock', `not enough stock: ${words}`, [], shortfalls);
}
