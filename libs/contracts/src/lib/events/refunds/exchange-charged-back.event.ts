import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsUUID, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsMinorAmount } from '../field-decorators';
import { CLAWBACK_REASONS, ClawbackReason } from '../vocabulary';
import { RefundPayload } from './refund-payload';

/** What is charged back for one exchanged line. */
export class ChargedBackLine {
  @IsId() lineId!: string;
  @IsMinorAmount(1) amountMinor!: number;
}

/**
 * An instant exchange's replacements shipped, but the returned items never came (`cancelled`,
 * `expired`, `abandoned`) or inspection found the wrong item, or none, on an exchanged line
 * (`inspection`): the credit the customer got for those lines is charged back (`refundId` is the
 * exchange's record). Each claw-back is announced again as ClawbackCollected or ClawbackFailed, with
 * `reversedRefundId` naming the exchange (or its surplus refund).
 */
export class ExchangeChargedBack extends RefundPayload {
  static readonly eventType = 'ExchangeChargedBack';
  static readonly topic = Topics.refundsRefund;
  @IsIn(CLAWBACK_REASONS) reason!: ClawbackReason;
  @IsMinorAmount(1) amountMinor!: number;
  @ValidateNested({ each: true }) @Type(() => ChargedBackLine) @ArrayMinSize(1) lines!: ChargedBackLine[];
  /** The claw-backs that take it back: the credit towards the replacements and, when one was paid, the surplus. */
  @IsArray() @IsUUID('all', { each: true }) @ArrayMinSize(1) clawbackIds!: string[];
}
