import { IsBoolean } from 'class-validator';
import { IsMinorAmount } from '../field-decorators';
import { ProductLine } from '../product-line';

/** A line as ordered; `quantity` is the number of units bought. */
export class OrderLine extends ProductLine {
  /** What the customer paid per unit. */
  @IsMinorAmount() unitPriceMinor!: number;
  /** Sold as final sale at checkout; return policies normally refuse it. */
  @IsBoolean() finalSale!: boolean;
}
