import { Type } from 'class-transformer';
import { ArrayMinSize, IsBoolean, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsMinorAmount } from '../field-decorators';
import { REFUND_METHODS, RefundMethod } from '../vocabulary';
import { RefundPayload } from './refund-payload';

/** One exchanged line: what its returned units were worth against what its replacement costs. */
export class ExchangeSettledLine {
  @IsId() lineId!: string;
  /**
   * What the returned units are worth: unit price × units − the line's restocking fee (× the grade's
   * refundable fraction after inspection), never more than is left of what was captured for the line.
   */
  @IsMinorAmount() creditMinor!: number;
  /** The replacement's unit price × its quantity. */
  @IsMinorAmount() replacementCostMinor!: number;
  /** Credit beyond the replacement's cost: paid back to the customer. */
  @IsMinorAmount() surplusMinor!: number;
  /** Cost beyond the credit: charged to the customer. */
  @IsMinorAmount() shortfallMinor!: number;
  /** Store credit granted on top of the exchange. */
  @IsMinorAmount() bonusMinor!: number;
}

/**
 * A return's exchanged lines settled when their exchange order was requested (`refundId` is the
 * exchange's record: the credit the returned items gave towards their replacements). The surplus is a
 * refund of its own (`surplusRefundId`: RefundIssued or StoreCreditIssued follows), the shortfall a
 * charge of its own (`collectionId`: ExchangeDifferenceCollected or ExchangeDifferenceFailed follows),
 * the bonus store credit issued at once. With no shortfall the exchange is paid and returns-intake
 * releases the replacements to ship (ExchangeShipmentReleased); with one, once it is collected.
 */
export class ExchangeSettled extends RefundPayload {
  static readonly eventType = 'ExchangeSettled';
  static readonly topic = Topics.refundsRefund;
  /** Shipped before the returned parcel arrived: the credit is charged back if it never does, or arrives wrong. */
  @IsBoolean() instant!: boolean;
  /** How a surplus is paid. */
  @IsIn(REFUND_METHODS) method!: RefundMethod;
  @ValidateNested({ each: true }) @Type(() => ExchangeSettledLine) @ArrayMinSize(1) lines!: ExchangeSettledLine[];
  @IsMinorAmount() surplusMinor!: number;
  @IsMinorAmount() shortfallMinor!: number;
  @IsMinorAmount() bonusMinor!: number;
  @IsOptional() @IsUUID() surplusRefundId?: string;
  @IsOptional() @IsUUID() collectionId?: string;
}
