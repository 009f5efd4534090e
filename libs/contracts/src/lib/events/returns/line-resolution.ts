import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateNested } from 'class-validator';
import { IsId, IsMinorAmount, IsQuantity, RequiredWhen } from '../field-decorators';
import { LINE_RESOLUTIONS, type LineResolutionKind } from '../vocabulary';

/** The item an exchange sends instead of the returned one, at the price it sells for now. */
export class ReplacementItem {
  @IsId() sku!: string;
  @IsId() productId!: string;
  @IsQuantity() quantity!: number;
  /** The replacement's price per unit when the exchange was opened: what the difference is reckoned from. */
  @IsMinorAmount() unitPriceMinor!: number;
}

/** What the customer chose for a returned line. */
export class LineResolution {
  @IsIn(LINE_RESOLUTIONS) kind!: LineResolutionKind;
  @RequiredWhen('kind', ['exchange'], 'checked-when-given')
  @ValidateNested()
  @Type(() => ReplacementItem)
  replacement?: ReplacementItem;
  /** Store credit granted on top of an exchange for another product (the policy's exchange bonus). */
  @IsOptional() @IsMinorAmount() bonusMinor?: number;
}

/**
 * Whether the customer sends the line's item back: every resolution but `keep` (a returnless refund),
 * and an approved line with no resolution, which is a refund.
 */
export function isSentBack(line: { readonly resolution?: LineResolution }): boolean {
  return line.resolution?.kind !== 'keep';
}
