import { IsOptional } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { Topics } from '../../topics';
import { IsCount, IsId, IsTimestamp } from '../field-decorators';

/**
 * The stock of one sku at one warehouse after a change, keyed `<sku>@<warehouse>` on a compacted
 * topic: the latest value per key is the current level. `version` grows with every change of the
 * key, so a reader can tell a newer level from an older one.
 */
export class StockLevelChanged extends EventPayload {
  static readonly eventType = 'StockLevelChanged';
  static readonly topic = Topics.inventoryStockLevel;
  @IsId() sku!: string;
  @IsId() warehouseId!: string;
  /** Units channels may sell now. */
  @IsCount() sellable!: number;
  /** Units picked up and on their way to this warehouse, not inspected yet. */
  @IsCount() expectedInbound!: number;
  /** Units held for exchanges: in the warehouse, not for sale. Absent from levels announced before exchanges. */
  @IsOptional() @IsCount() reserved?: number;
  @IsCount() refurbish!: number;
  @IsCount() liquidation!: number;
  @IsCount() returnToVendor!: number;
  @IsCount() quarantine!: number;
  @IsCount() scrap!: number;
  @IsCount(1) version!: number;
  @IsTimestamp() changedAt!: string;
}

/** The Kafka key (and CloudEvents subject) of a stock level. */
export function stockLevelKey(sku: string, warehouseId: string): string {
  return `${sku}@${warehouseId}`;
}
