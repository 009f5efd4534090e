/**
 * Keeps the catalogue's stock: the sellable units of each sku at each warehouse, as inventory
 * announces them on `inventory.stock-level.v1`. A variant's sellable stock is their sum over the
 * warehouses. A level whose version is not above the one stored changes nothing, so a late or
 * replayed announcement never undoes a newer one. A level may arrive before its product: it is kept
 * and counts once the product lists the sku.
 */
import type { UseCase } from '@rebound/kernel';
import type { IntakeTransaction } from '../../ports';
import type { RecordStockLevelCommand } from './record-stock-level.command';

/** True when the level was kept, false when the same or a newer one was already stored. */
export class RecordStockLevel implements UseCase<IntakeTransaction, RecordStockLevelCommand, boolean> {
  execute(tx: IntakeTransaction, { level }: RecordStockLevelCommand): Promise<boolean> {
    return tx.catalogue.saveStockLevel(level);
  }
}
