/** `PUT /v1/orders/{orderId}`: the order as the commerce platform knows it, for platforms without Kafka. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORY_PATTERN,
  CURRENCY_PATTERN,
  SHIPPING_REGION_PATTERN,
  IsMinorAmount,
  IsQuantity,
  MAX_MINOR_AMOUNT,
  MAX_QUANTITY,
} from '@rebound/contracts';

export class OrderLineRequest {
  @ApiProperty({ example: 'line-1' }) @IsString() @Length(1, 64) lineId!: string;
  @ApiProperty({ example: 'SKU-JACKET-M' }) @IsString() @Length(1, 64) sku!: string;
  @ApiProperty({ example: 'apparel', pattern: CATEGORY_PATTERN.source }) @Matches(CATEGORY_PATTERN) category!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY, example: 2 }) @IsQuantity() quantity!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_MINOR_AMOUNT,
    description: 'Unit price paid, in minor units.',
    example: 4999,
  })
  @IsMinorAmount()
  unitPriceMinor!: number;
  @ApiProperty({ example: false }) @IsBoolean() finalSale!: boolean;
}

export class PaymentAllocationRequest {
  @ApiProperty({ example: 'line-1' }) @IsString() @Length(1, 64) lineId!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_MINOR_AMOUNT,
    description: 'What the charge paid for the line, in minor units.',
    example: 9998,
  })
  @IsMinorAmount(1)
  amountMinor!: number;
}

export class OrderPaymentRequest {
  @ApiProperty({ example: 'ch_3PqK9x2eZvKYlo2C', description: 'The payment provider’s id of the captured charge.' })
  @IsString()
  @Length(1, 64)
  chargeId!: string;
  @ApiProperty({ type: [PaymentAllocationRequest], description: 'Which lines the charge paid, and how much of each.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PaymentAllocationRequest)
  allocations!: PaymentAllocationRequest[];
}

export class PutOrderRequest {
  @ApiProperty({ example: 'customer-42' }) @IsString() @Length(1, 64) customerId!: string;
  @ApiPropertyOptional({ example: 'gold' }) @IsOptional() @IsString() @Length(1, 64) loyaltyTier?: string;
  @ApiProperty({ example: 'EUR', pattern: CURRENCY_PATTERN.source }) @Matches(CURRENCY_PATTERN) currency!: string;
  @ApiProperty({ example: 'DE', description: 'Country, optionally with subdivision (`US-CA`).' })
  @Matches(SHIPPING_REGION_PATTERN)
  shippingRegion!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) placedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Set once the order was delivered; never cleared.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  deliveredAt?: string;
  @ApiProperty({ type: [OrderLineRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => OrderLineRequest)
  lines!: OrderLineRequest[];
  @ApiPropertyOptional({
    type: [OrderPaymentRequest],
    description:
      'The charges that paid the order. Refunds to the original payment method are paid against them; without ' +
      'them (or for a line none of them paid) a return can only be refunded as store credit.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderPaymentRequest)
  payments?: OrderPaymentRequest[];
}
