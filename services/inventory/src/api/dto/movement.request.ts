import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import { MAX_ID_LENGTH, STOCK_BUCKETS, type StockBucket } from '@rebound/contracts';
import { EXTERNAL_MOVEMENT_REASONS } from '../../domain/stock';

export class MovementLineRequest {
  @ApiProperty({ maxLength: MAX_ID_LENGTH, example: 'JKT-RED-M' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ID_LENGTH)
  sku!: string;

  @ApiProperty({ maxLength: MAX_ID_LENGTH, example: 'wh-berlin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ID_LENGTH)
  warehouseId!: string;

  @ApiPropertyOptional({ enum: STOCK_BUCKETS, default: 'sellable' })
  @IsOptional()
  @IsIn(STOCK_BUCKETS)
  bucket?: StockBucket;

  @ApiProperty({
    type: 'integer',
    description: 'Units into (positive) or out of (negative) the bucket; never 0.',
    example: -1,
  })
  @IsInt()
  @NotEquals(0)
  @Min(-1_000_000)
  @Max(1_000_000)
  quantityDelta!: number;
}

export class MovementRequest {
  @ApiProperty({ enum: EXTERNAL_MOVEMENT_REASONS, example: 'sale' })
  @IsIn(EXTERNAL_MOVEMENT_REASONS)
  reason!: (typeof EXTERNAL_MOVEMENT_REASONS)[number];

  @ApiPropertyOptional({ maxLength: 200, description: 'The caller’s reference: an order, a count sheet.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiProperty({ type: [MovementLineRequest], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MovementLineRequest)
  lines!: MovementLineRequest[];
}
