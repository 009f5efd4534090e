import { Type } from 'class-transformer';
import { ArrayMinSize, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { ExpectedLine } from './expected-line';
import { InspectionPayload } from './inspection-payload';

export class InspectionOpened extends InspectionPayload {
  static readonly eventType = 'InspectionOpened';
  static readonly topic = Topics.warehouseInspection;
  @ValidateNested({ each: true }) @Type(() => ExpectedLine) @ArrayMinSize(1) lines!: ExpectedLine[];
}
