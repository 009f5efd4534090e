import {} from 'class-validator';
import { IsId, IsQuantity } from '../field-decorators';

export class ParcelLine {
  @IsId() lineId!: string;
  @IsId() sku!: string;
  @IsQuantity() quantity!: number;
}
