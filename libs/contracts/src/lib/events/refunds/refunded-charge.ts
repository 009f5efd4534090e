import { IsInt, Min } from 'class-validator';
import { IsId } from '../field-decorators';

/** What a refund paid back to one charge. */
export class RefundedCharge {
  @IsId() chargeId!: string;
  @IsInt() @Min(1) amountMinor!: number;
  /** The provider's id of the refund of this charge. */
  @IsId() providerReference!: string;
}
