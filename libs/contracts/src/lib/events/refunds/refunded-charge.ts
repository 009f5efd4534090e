import { IsId, IsMinorAmount } from '../field-decorators';

/** What a refund paid back to one charge. */
export class RefundedCharge {
  @IsId() chargeId!: string;
  @IsMinorAmount(1) amountMinor!: number;
  /** The provider's id of the refund of this charge. */
  @IsId() providerReference!: string;
}
