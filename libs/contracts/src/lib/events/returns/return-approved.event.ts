import { Type } from 'class-transformer';
import { ArrayMinSize, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsCount, IsId, IsMinorAmount, IsTimestamp, RequiredWhen } from '../field-decorators';
import {
  CURRENCY_PATTERN,
  REFUND_METHODS,
  RETURN_METHODS,
  RefundMethod,
  ReturnMethod,
  SHIPPING_REGION_PATTERN,
  PICKUP_METHODS,
} from '../vocabulary';
import { ApprovedReturnLine } from './approved-return-line';
import { PickupRequest } from './pickup-request';
import { RefundableFraction } from './refundable-fraction';
import { ReturnFees } from './return-fees';
import { ReturnPayload } from './return-payload';

/**
 * The eligibility decision, with everything downstream services need to act on it. They use these
 * figures as given and never recompute them.
 */
export class ReturnApproved extends ReturnPayload {
  static readonly eventType = 'ReturnApproved';
  static readonly topic = Topics.returnsReturn;
  @IsId() customerId!: string;
  /** The loyalty tier the policy saw. */
  @IsOptional() @IsId() loyaltyTier?: string;
  /** Version of the return policy that decided. */
  @IsCount(1) policyVersion!: number;
  @Matches(CURRENCY_PATTERN) currency!: string;
  /** Country, optionally with subdivision (`DE`, `US-CA`), the order shipped to. */
  @Matches(SHIPPING_REGION_PATTERN) shippingRegion!: string;
  @IsIn(RETURN_METHODS) method!: ReturnMethod;
  @IsIn(REFUND_METHODS) refundMethod!: RefundMethod;
  /** Required when `method` is a pickup method, since the partner needs to know where and when. */
  @RequiredWhen('method', PICKUP_METHODS, 'checked-when-given')
  @ValidateNested()
  @Type(() => PickupRequest)
  pickup?: PickupRequest;
  /** How many times a partner may try to collect before the pickup is given up (pickup methods). */
  @IsInt() @Min(1) @Max(10) maxPickupAttempts!: number;
  /** How long a mail-back label or drop-off code stays valid (label methods). */
  @IsInt() @Min(1) @Max(90) labelValidityDays!: number;
  @ValidateNested({ each: true }) @Type(() => ApprovedReturnLine) @ArrayMinSize(1) lines!: ApprovedReturnLine[];
  @ValidateNested() @Type(() => ReturnFees) fees!: ReturnFees;
  /** Per inspection grade, the share of a line's price that will be refunded. */
  @ValidateNested({ each: true })
  @Type(() => RefundableFraction)
  @ArrayMinSize(1)
  refundableFractions!: RefundableFraction[];
  /** Refund now, before inspection; reconciled once the items are graded. */
  @IsBoolean() instantRefund!: boolean;
  /**
   * Exchanges ship before the parcel arrives (a trusted tier): `ExchangeOrderRequested` follows the
   * replacements' reservation, and a parcel that never arrives, or arrives wrong, is charged back.
   * Absent or false: exchanges ship after inspection.
   */
  @IsOptional() @IsBoolean() instantExchange?: boolean;
  /** Extra credit granted on top of the refund when it is paid as store credit. */
  @IsInt() @Min(0) @Max(100) storeCreditBonusPercent!: number;
  /** The refund quoted to the customer: every line arriving as declared, fees deducted. */
  @IsMinorAmount() expectedRefundMinor!: number;
  /** `policy` when approved automatically, otherwise the agent's id. */
  @IsId() approvedBy!: string;
  @IsTimestamp() approvedAt!: string;
}
