import { Type } from 'class-transformer';
import { ArrayMinSize, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsTimestamp } from '../field-decorators';
import { InspectedLine } from './inspected-line';
import { InspectionPayload } from './inspection-payload';

export class InspectionCompleted extends InspectionPayload {
  static readonly eventType = 'InspectionCompleted';
  static readonly topic = Topics.warehouseInspection;
  @IsId() orderId!: string;
  @ValidateNested({ each: true }) @Type(() => InspectedLine) @ArrayMinSize(1) lines!: InspectedLine[];
  @IsTimestamp() completedAt!: string;
}
