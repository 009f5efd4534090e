import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { IsId, IsMinorAmount } from '../field-decorators';

/** The part of a charge that paid for one order line. */
export class PaymentAllocation {
  @IsId() lineId!: string;
  /** In the order's currency; a positive whole number of minor units. */
  @IsMinorAmount(1) amountMinor!: number;
}

/** A payment the provider captured for the order, and the lines it paid for. */
export class OrderPayment {
  /** The provider's id of the charge: what a refund of these lines is paid against. */
  @IsId() chargeId!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => PaymentAllocation)
  allocations!: PaymentAllocation[];
}
