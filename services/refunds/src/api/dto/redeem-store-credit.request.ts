/**
 * `POST /v1/customers/{customerId}/store-credit/redemptions`: what the checkout spends. Who redeems is
 * not the body's to say: it is the caller whose token the request carries.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsId, IsMinorAmount, CURRENCY_PATTERN } from '@rebound/contracts';
import { IsOptional, Matches } from 'class-validator';

export class RedeemStoreCreditRequest {
  @ApiProperty({ example: 'EUR', pattern: CURRENCY_PATTERN.source })
  @Matches(CURRENCY_PATTERN)
  currency!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 2500, description: 'What to spend, in minor units.' })
  @IsMinorAmount(1)
  amountMinor!: number;

  @ApiPropertyOptional({ example: 'order-10045', maxLength: 64, description: 'The order the credit pays for.' })
  @IsOptional()
  @IsId()
  orderId?: string;
}
