/** Puts sellable units on the in-memory inventory's shelves, as a WMS adjustment would, and forgets its announcements. */
import { ChangeStockCommand } from '../../src/domain/use-cases/change-stock/change-stock.command';
import type { inMemoryInventory } from './in-memory-inventory';

export async function stocked(
  inventory: ReturnType<typeof inMemoryInventory>,
  sku: string,
  sellableByWarehouse: Readonly<Record<string, number>>,
): Promise<void> {
  const lines = Object.entries(sellableByWarehouse).map(([warehouseId, quantityDelta]) => ({
    sku,
    warehouseId,
    bucket: 'sellable' as const,
    quantityDelta,
  }));
  const at = inventory.clock.now();
  const movement = { sourceId: `request:stock-${sku}`, reason: 'adjustment' as const, occurredAt: at, lines };
  await inventory.changeStock.execute(inventory.tx, ChangeStockCommand.of(lines, movement, at));
  inventory.events.published.splice(0);
}
