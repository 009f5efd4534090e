import { Type } from 'class-transformer';
import { ArrayMinSize, IsIn, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsTimestamp } from '../field-decorators';
import { RETURN_METHODS, ReturnMethod } from '../vocabulary';
import { ReturnLine } from './return-line';
import { ReturnPayload } from './return-payload';

export class ReturnRequested extends ReturnPayload {
  static readonly eventType = 'ReturnRequested';
  static readonly topic = Topics.returnsReturn;
  @IsId() customerId!: string;
  @IsIn(RETURN_METHODS) method!: ReturnMethod;
  @ValidateNested({ each: true }) @Type(() => ReturnLine) @ArrayMinSize(1) lines!: ReturnLine[];
  @IsTimestamp() requestedAt!: string;
}
