import { IsId } from '../field-decorators';
import { ProductLine } from '../product-line';

/** An order line being returned; `quantity` is the number of units sent back. */
export class ReturnLine extends ProductLine {
  /** Why the customer returns it, from the storefront's list of reasons. */
  @IsId() reasonCode!: string;
}
