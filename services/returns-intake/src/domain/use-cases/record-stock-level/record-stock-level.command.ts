/**
 * The sellable stock of a sku at a warehouse as inventory announced it. Which level is newer is
 * decided by `version`, so a command without a whole version ≥ 1 and an instant cannot exist.
 */
import type { StockLevelChanged } from '@rebound/contracts';
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { StockLevel } from '../../catalogue';

export class RecordStockLevelCommand {
  readonly level: StockLevel;

  constructor(announced: StockLevelChanged) {
    const changedAt = new Date(announced.changedAt);
    const problems: FieldProblem[] = [];
    if (!Number.isInteger(announced.version) || announced.version < 1) {
      problems.push({ field: 'version', message: 'must be a whole number, at least 1' });
    }
    if (!Number.isInteger(announced.sellable) || announced.sellable < 0) {
      problems.push({ field: 'sellable', message: 'must be a whole number of units, at least 0' });
    }
    if (Number.isNaN(changedAt.getTime())) problems.push({ field: 'changedAt', message: 'must be an instant' });
    if (problems.length > 0) throw DomainError.invalid(problems);
    this.level = {
      sku: announced.sku,
      warehouseId: announced.warehouseId,
      sellable: announced.sellable,
      version: announced.version,
      changedAt,
    };
  }
}
