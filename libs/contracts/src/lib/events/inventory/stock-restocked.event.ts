import { Type } from 'class-transformer';
import { ArrayMinSize, IsUUID, ValidateNested } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { Topics } from '../../topics';
import { IsId, IsTimestamp } from '../field-decorators';
import { RestockedLine } from './restocked-line';

/** A returned parcel's inspected units are in stock: sellable ones available at once. */
export class StockRestocked extends EventPayload {
  static readonly eventType = 'StockRestocked';
  static readonly topic = Topics.inventoryStock;
  @IsUUID() returnId!: string;
  @IsUUID() inspectionId!: string;
  @IsId() warehouseId!: string;
  @ValidateNested({ each: true }) @Type(() => RestockedLine) @ArrayMinSize(1) lines!: RestockedLine[];
  @IsTimestamp() restockedAt!: string;
}
