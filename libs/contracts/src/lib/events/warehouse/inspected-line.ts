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

/** Flags that say what came back is not, or not all of, the item the customer was credited for. */
export const NOT_THE_ITEM_FLAGS: readonly InspectionFlag[] = [
  'wrong_item',
  'missing_item',
  'short_shipped',
  'serial_mismatch',
];

/**
 * Whether every unit of an exchanged line came back as the item it is: all `quantity` units received
 * and no flag saying otherwise. An instant exchange whose line fails this is charged back; a line of an
 * exchange shipped after inspection must pass it, graded as new, or is refunded as graded instead.
 */
export function cameBackAsExchanged(
  inspected: Pick<InspectedLine, 'receivedQuantity' | 'flags'> | undefined,
  quantity: number,
): boolean {
  return (
    inspected !== undefined &&
    inspected.receivedQuantity >= quantity &&
    !inspected.flags.some((flag) => NOT_THE_ITEM_FLAGS.includes(flag))
  );
}
