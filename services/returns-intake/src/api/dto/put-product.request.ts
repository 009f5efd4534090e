/** `PUT /v1/products/{productId}`: the product as the commerce platform sells it, for platforms without Kafka. */
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORY_PATTERN,
  CURRENCY_PATTERN,
  IsCount,
  IsId,
  IsMinorAmount,
  IsNameValueMap,
  IsText,
  IsTimestamp,
  MAX_COUNT,
  MAX_ID_LENGTH,
  MAX_MINOR_AMOUNT,
  MAX_OPTION_VALUES,
  MAX_PRODUCT_OPTIONS,
  MAX_PRODUCT_VARIANTS,
  MAX_TEXT_LENGTH,
} from '@rebound/contracts';

export class ProductOptionRequest {
  @ApiProperty({ example: 'size', maxLength: MAX_ID_LENGTH }) @IsId() name!: string;
  @ApiProperty({
    type: [String],
    example: ['S', 'M', 'L'],
    maxItems: MAX_OPTION_VALUES,
    description: "The option's values in the merchant's order (sizes smallest first); each listed once.",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OPTION_VALUES)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_ID_LENGTH, { each: true })
  values!: string[];
}

export class ProductVariantRequest {
  @ApiProperty({ example: 'TEE-M-NAVY', maxLength: MAX_ID_LENGTH }) @IsId() sku!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { size: 'M' },
    description: "The variant's value of every option of the product, one of the values the option lists.",
  })
  @IsNameValueMap()
  optionValues!: Record<string, string>;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_MINOR_AMOUNT,
    description: 'List price, in minor units.',
    example: 2499,
  })
  @IsMinorAmount()
  priceMinor!: number;
  @ApiProperty({ example: 'EUR', pattern: CURRENCY_PATTERN.source, description: 'The same for every variant.' })
  @Matches(CURRENCY_PATTERN)
  currency!: string;
  @ApiProperty({ description: 'False once the merchant stopped selling it: never offered, whatever the stock.' })
  @IsBoolean()
  active!: boolean;
}

export class PutProductRequest {
  @ApiProperty({ example: 'Organic cotton tee', maxLength: MAX_TEXT_LENGTH }) @IsText() title!: string;
  @ApiProperty({ example: 'apparel', pattern: CATEGORY_PATTERN.source }) @Matches(CATEGORY_PATTERN) category!: string;
  @ApiProperty({ type: [ProductOptionRequest], maxItems: MAX_PRODUCT_OPTIONS, description: 'Each named once.' })
  @IsArray()
  @ArrayMaxSize(MAX_PRODUCT_OPTIONS)
  @ValidateNested({ each: true })
  @Type(() => ProductOptionRequest)
  options!: ProductOptionRequest[];
  @ApiProperty({
    type: [ProductVariantRequest],
    maxItems: MAX_PRODUCT_VARIANTS,
    description: 'Every variant the product has (the snapshot is whole: a variant left out is gone); each sku once.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PRODUCT_VARIANTS)
  @ValidateNested({ each: true })
  @Type(() => ProductVariantRequest)
  variants!: ProductVariantRequest[];
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_COUNT,
    description: 'Grows with every snapshot of the product; one lower than the stored version is refused (409).',
  })
  @IsCount(1)
  version!: number;
  @ApiProperty({ format: 'date-time' }) @IsTimestamp() publishedAt!: string;
}
