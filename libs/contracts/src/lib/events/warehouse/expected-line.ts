import {} from 'class-validator';
import { IsId, IsQuantity } from '../field-decorators';

/** A line the warehouse expects to find in the parcel. */
export class ExpectedLine {
  @IsId() lineId!: string;
  @IsId() sku!: string;
  /** Units the return declared; 0 for an item that arrived unannounced. */
  @IsQuantity(0) expectedQuantity!: number;
}
