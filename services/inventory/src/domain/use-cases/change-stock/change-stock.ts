/**
 * The one way stock changes: lock the levels the changes touch (in key order, so two movements
 * never deadlock), apply every change or refuse the whole movement, append the ledger, save the
 * levels and announce each new level on the compacted topic — all in the caller's transaction, so
 * the topic never runs ahead of or behind the ledger. The other use cases change stock through it.
 */
import { DomainError, type UseCase } from '@rebound/kernel';
import { StockLevelChanged, stockLevelKey } from '@rebound/contracts';
import type { InventoryTransaction } from '../../ports';
import { applyChanges, levelKey, quantitiesOf, type Shortfall, type StockChange, type StockLevel } from '../../stock';
import type { ChangeStockCommand } from './change-stock.command';

/** The title inventory's API has always given a request it refuses for the state of stock. */
export const REFUSED_TITLE = 'Request cannot be carried out';

export class ChangeStock implements UseCase<InventoryTransaction, ChangeStockCommand, StockLevel[]> {
  /** The levels after the change. */
  async execute(tx: InventoryTransaction, command: ChangeStockCommand): Promise<StockLevel[]> {
    const byKey = new Map<string, StockChange[]>();
    for (const change of command.changes) {
      const key = levelKey(change.sku, change.warehouseId);
      byKey.set(key, [...(byKey.get(key) ?? []), change]);
    }
    const keys = [...byKey.values()].map(([first]) => ({ sku: first.sku, warehouseId: first.warehouseId }));
    const levels = await tx.stock.lockLevels(keys);
    const changed: StockLevel[] = [];
    const shortfalls: Shortfall[] = [];
    for (const level of levels) {
      const result = applyChanges(level, byKey.get(levelKey(level.sku, level.warehouseId)) ?? [], command.at);
      if ('shortfalls' in result) shortfalls.push(...result.shortfalls);
      else changed.push(result.level);
    }
    if (shortfalls.length > 0) throw insufficientStock(shortfalls);
    if (command.movement) await tx.stock.appendLedger(command.movement, command.at);
    for (const level of changed) {
      await tx.stock.saveLevel(level);
      await tx.events.publish(StockLevelChanged, announcement(level), stockLevelKey(level.sku, level.warehouseId));
    }
    return changed;
  }
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

function insufficientStock(shortfalls: readonly Shortfall[]): DomainError {
  const words = shortfalls
    .map((s) => `${s.sku} at ${s.warehouseId} has ${s.available} ${s.bucket}, ${s.requested} asked`)
    .join('; ');
  return new DomainError('conflict', 'insufficient-stock', `not enough stock: ${words}`, {
    title: REFUSED_TITLE,
    extensions: { shortfalls },
  });
}
