/** Store-credit answers: a customer's balances, their ledger, and a redemption. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { CURRENCY_PATTERN, STORE_CREDIT_KINDS } from '@rebound/contracts';
import { PageQuery } from '@rebound/http';

export class StoreCreditBalanceResponse {
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: 'integer', description: 'What the customer can spend now, in minor units; never below 0.' })
  balanceMinor!: number;
  @ApiProperty({ format: 'date-time', description: 'When it last changed.' }) updatedAt!: string;
}

export class StoreCreditResponse {
  @ApiProperty() customerId!: string;
  @ApiProperty({
    type: [StoreCreditBalanceResponse],
    description: 'One per currency the customer ever held credit in, by currency; empty when none.',
  })
  balances!: StoreCreditBalanceResponse[];
}

export class StoreCreditActorResponse {
  @ApiProperty({ example: 'service-account-rebound-storefront', description: 'The subject of the token.' })
  subject!: string;
  @ApiProperty({ example: 'rebound-storefront', description: 'The client that token was issued to.' })
  clientId!: string;
}

export class StoreCreditEntryResponse {
  @ApiProperty({ example: '1042', description: 'Grows with every entry: the ledger’s order.' }) entryId!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({
    enum: STORE_CREDIT_KINDS,
    description:
      '`issued` for a refund and its `bonus` add to the balance; `redeemed` at checkout, `reversed` (clawed back ' +
      'after inspection) and `expired` take from it.',
  })
  kind!: string;
  @ApiProperty({ type: 'integer', description: 'Signed: positive in, negative out.' }) amountMinor!: number;
  @ApiProperty({ type: 'integer', description: 'The balance after this entry.' }) balanceAfterMinor!: number;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The refund that issued or reversed it.',
  })
  refundId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'The redemption that spent it.' })
  redemptionId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The order a redemption paid for.' })
  orderId!: string | null;
  @ApiPropertyOptional({
    type: StoreCreditActorResponse,
    nullable: true,
    description: 'Who made the change through the API (a redemption); null for changes refunds made itself.',
  })
  actor!: StoreCreditActorResponse | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class StoreCreditEntriesQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'EUR', description: 'Only the entries in this currency.' })
  @IsOptional()
  @Matches(CURRENCY_PATTERN)
  currency?: string;
}

export class RedemptionResponse {
  @ApiProperty({ format: 'uuid' }) redemptionId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: 'integer', description: 'What was spent.' }) amountMinor!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) orderId!: string | null;
  @ApiProperty({ type: 'integer', description: 'The balance the redemption left.' }) balanceAfterMinor!: number;
  @ApiProperty({ type: StoreCreditActorResponse, description: 'Who redeemed: the caller of the first request.' })
  redeemedBy!: StoreCreditActorResponse;
  @ApiProperty({ format: 'date-time' }) redeemedAt!: string;
}
