import { IsArray, IsIn, Matches } from 'class-validator';
import { IsFraction, IsQuantity } from '../field-decorators';
import { DISPOSITIONS, Disposition, GRADE_PATTERN, INSPECTION_FLAGS, InspectionFlag } from '../vocabulary';
import { ExpectedLine } from './expected-line';

export class InspectedLine extends ExpectedLine {
  @IsQuantity(0) receivedQuantity!: number;
  /** Condition grade from the warehouse's grading rules. */
  @Matches(GRADE_PATTERN) grade!: string;
  @IsIn(DISPOSITIONS) disposition!: Disposition;
  /** The share of the line's price the grade allows refunding. */
  @IsFraction() refundableFraction!: number;
  /** Discrepancies found; empty when the line matched what was expected. */
  @IsArray() @IsIn(INSPECTION_FLAGS, { each: true }) flags!: InspectionFlag[];
}
