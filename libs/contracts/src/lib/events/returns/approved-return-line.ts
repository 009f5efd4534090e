import { IsMinorAmount } from '../field-decorators';
import { ReturnLine } from './return-line';

export class ApprovedReturnLine extends ReturnLine {
  /** What the customer paid per unit, from the order. */
  @IsMinorAmount() unitPriceMinor!: number;
  /** Withheld from this line's refund. */
  @IsMinorAmount() restockingFeeMinor!: number;
}
