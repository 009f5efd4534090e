import { Type } from 'class-transformer';
import { IsArray, IsOptional, ValidateNested } from 'class-validator';
import { IsMinorAmount, IsQuantity } from '../field-decorators';
import { LineCharge } from './line-charge';
import { LineResolution } from './line-resolution';
import { ReturnLine } from './return-line';

export class ApprovedReturnLine extends ReturnLine {
  /** What the customer paid per unit, from the order. */
  @IsMinorAmount() unitPriceMinor!: number;
  /**
   * Units of the line the order delivered — what was paid for, across every return of the order.
   * Absent from approvals announced before it was carried; a reader then takes `quantity`.
   */
  @IsOptional() @IsQuantity() orderedQuantity?: number;
  /**
   * Withheld from this line's refund (and from a kept line's). An exchange waives it, but it is carried
   * for an exchanged line too: should the line be refunded instead (LineResolutionChanged), it applies.
   */
  @IsMinorAmount() restockingFeeMinor!: number;
  /**
   * The charges that paid for the line, in the order they are refunded against — and charged, for an
   * exchange's shortfall or a charge-back, whatever the refund method. Absent from older approvals
   * (before exchanges, only those refunding to the original payment method carried them).
   */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => LineCharge) charges?: LineCharge[];
  /** What the customer chose for the line; absent means `refund` (and from approvals before exchanges). */
  @IsOptional() @ValidateNested() @Type(() => LineResolution) resolution?: LineResolution;
  /**
   * The customer's next choices, in order, taken when the chosen replacement cannot be reserved
   * (`LineResolutionChanged`). Empty or absent: the line falls back to `refund`.
   */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => LineResolution) fallbacks?: LineResolution[];
}
