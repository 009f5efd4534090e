import { IsInt, Min } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { Topics } from '../../topics';
import { IsId, IsTimestamp } from '../field-decorators';

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
  @IsInt() @Min(0) sellable!: number;
  /** Units picked up and on their way to this warehouse, not inspected yet. */
  @IsInt() @Min(0) expectedInbound!: number;
  @IsInt() @Min(0) refurbish!: number;
  @IsInt() @Min(0) liquidation!: number;
  @IsInt() @Min(0) returnToVendor!: number;
  @IsInt() @Min(0) quarantine!: number;
  @IsInt() @Min(0) scrap!: number;
  @IsInt() @Min(1) version!: number;
  @IsTimestamp() changedAt!: string;
}

/** The Kafka key (and CloudEvents subject) of a stock level. */
export function stockLevelKey(sku: string, warehouseId: string): string {
  return `${sku}@${warehouseId}`;
}
