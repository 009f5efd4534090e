/** StockStore in memory for unit tests: levels by key and the ledger as appended. */
import type { LevelKey, Movement, StockStore } from '../../src/domain/ports';
import { emptyBuckets, levelKey, type StockLevel } from '../../src/domain/stock';

export class InMemoryStockStore implements StockStore {
  readonly levels = new Map<string, StockLevel>();
  readonly ledger: { readonly movement: Movement; readonly recordedAt: Date }[] = [];

  async lockLevels(keys: readonly LevelKey[]): Promise<StockLevel[]> {
    return keys.map(({ sku, warehouseId }) => {
      const key = levelKey(sku, warehouseId);
      const level = this.levels.get(key) ?? {
        sku,
        warehouseId,
        buckets: emptyBuckets(),
        expectedInbound: 0,
        version: 0,
        updatedAt: new Date(0),
      };
      this.levels.set(key, level);
      return level;
    });
  }

  async lockLevelsOf(skus: readonly string[]): Promise<StockLevel[]> {
    return [...this.levels.values()]
      .filter((level) => skus.includes(level.sku))
      .sort((a, b) => compare(a.sku, b.sku) || compare(a.warehouseId, b.warehouseId));
  }

  async saveLevel(level: StockLevel): Promise<void> {
    this.levels.set(levelKey(level.sku, level.warehouseId), level);
  }

  async appendLedger(movement: Movement, recordedAt: Date): Promise<void> {
    this.ledger.push({ movement, recordedAt });
  }

  level(sku: string, warehouseId: string): StockLevel | undefined {
    return this.levels.get(levelKey(sku, warehouseId));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
