import { IsInt, Min } from 'class-validator';
import { IsId } from '../field-decorators';

export class ParcelLine {
  @IsId() lineId!: string;
  @IsId() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}
