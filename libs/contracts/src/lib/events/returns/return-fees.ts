import { IsMinorAmount } from '../field-decorators';

/** Fees withheld from the whole return's refund. */
export class ReturnFees {
  /** Sum of the lines' restocking fees. */
  @IsMinorAmount() restockingFeeMinor!: number;
  @IsMinorAmount() returnShippingFeeMinor!: number;
}
