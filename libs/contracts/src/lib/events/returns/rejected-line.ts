import { Type } from 'class-transformer';
import { ArrayMinSize, ValidateNested } from 'class-validator';
import { IsId } from '../field-decorators';
import { RejectionReason } from './rejection-reason';

export class RejectedLine {
  @IsId() lineId!: string;
  @ValidateNested({ each: true }) @Type(() => RejectionReason) @ArrayMinSize(1) reasons!: RejectionReason[];
}
