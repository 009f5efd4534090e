import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { Topics } from '../../topics';
import { IsId, IsMinorAmount, IsTimestamp } from '../field-decorators';
import { CURRENCY_PATTERN, MAX_MINOR_AMOUNT, STORE_CREDIT_KINDS, type StoreCreditKind } from '../vocabulary';

/**
 * One change of a customer's store-credit balance in one currency — one per ledger entry — keyed by
 * customer id, so a reader sees each customer's changes in order and `balanceMinor` of the latest is
 * what the customer can spend.
 */
export class StoreCreditBalanceChanged extends EventPayload {
  static readonly eventType = 'StoreCreditBalanceChanged';
  static readonly topic = Topics.refundsStoreCredit;
  @IsId() customerId!: string;
  @Matches(CURRENCY_PATTERN) currency!: string;
  @IsIn(STORE_CREDIT_KINDS) kind!: StoreCreditKind;
  /** Signed: positive when credit comes in (issued, bonus), negative when it goes out. */
  @IsInt() @Min(-MAX_MINOR_AMOUNT) @Max(MAX_MINOR_AMOUNT) amountMinor!: number;
  /** The balance after the change; never below zero. */
  @IsMinorAmount() balanceMinor!: number;
  /** The refund that issued, or reversed, the credit. */
  @IsOptional() @IsUUID() refundId?: string;
  /** The redemption that spent it. */
  @IsOptional() @IsUUID() redemptionId?: string;
  /** The order a redemption paid for, as the checkout named it. */
  @IsOptional() @IsId() orderId?: string;
  @IsTimestamp() at!: string;
}
