import { Matches } from 'class-validator';
import { IsId, IsQuantity } from './field-decorators';
import { CATEGORY_PATTERN } from './vocabulary';

/** An order line's product and how many units of it the event is about. */
export abstract class ProductLine {
  /** The order line's id, stable in every event about that line. */
  @IsId() lineId!: string;
  @IsId() sku!: string;
  @Matches(CATEGORY_PATTERN) category!: string;
  @IsQuantity() quantity!: number;
}
