/**
 * Requests of the warehouse app: record a line or an unexpected item, resolve a hold (claiming and
 * completing take no body). None names who acts: that is the caller, as its bearer token says.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '@rebound/http';
import { CATEGORY_PATTERN, GRADE_PATTERN, IsQuantity, MAX_QUANTITY } from '@rebound/contracts';
import { QUEUE_STATES, type QueueState } from '../../domain/inspection';

class Evidence {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
  @ApiPropertyOptional({ type: [String], format: 'uri' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { each: true })
  photoUrls?: string[];
}

export class RecordLineRequest extends Evidence {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_QUANTITY,
    description: 'Units found, at most the expected quantity.',
  })
  @IsQuantity(0)
  receivedQuantity!: number;
  @ApiProperty({ example: 'B', description: 'One of the grades of `GET /v1/grading-rules`.' })
  @Matches(GRADE_PATTERN)
  grade!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    example: { tags_attached: true, original_packaging: false },
    description: 'An answer to every question of the category’s checklist, by key.',
  })
  @IsObject()
  checklist!: Record<string, boolean>;
  @ApiPropertyOptional({ default: false, description: 'A different item than the one sold came back.' })
  @IsOptional()
  @IsBoolean()
  wrongItem?: boolean;
}

export class UnexpectedItemRequest extends Evidence {
  @ApiProperty({ example: 'SKU-SOCKS' }) @IsString() @Length(1, 64) sku!: string;
  @ApiPropertyOptional({ example: 'apparel', description: 'Chooses the disposition rule; `*` rules when left out.' })
  @IsOptional()
  @Matches(CATEGORY_PATTERN)
  category?: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY }) @IsQuantity() quantity!: number;
  @ApiProperty({ example: 'B' }) @Matches(GRADE_PATTERN) grade!: string;
}

export class LineCorrectionRequest {
  @ApiProperty() @IsString() @Length(1, 64) lineId!: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_QUANTITY })
  @IsOptional()
  @IsQuantity(0)
  receivedQuantity?: number;
  @ApiPropertyOptional({ example: 'C' }) @IsOptional() @Matches(GRADE_PATTERN) grade?: string;
}

export class ResolveHoldRequest {
  @ApiProperty({ maxLength: 2000, example: 'Customer sent the blue one; refund at grade C.' })
  @IsString()
  @Length(1, 2000)
  note!: string;
  @ApiPropertyOptional({ type: [LineCorrectionRequest], description: 'Lines to correct; the rest stay as recorded.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => LineCorrectionRequest)
  corrections?: LineCorrectionRequest[];
}

export class QueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: QUEUE_STATES, description: 'Only this state; all when left out.' })
  @IsOptional()
  @IsIn(QUEUE_STATES)
  state?: QueueState;
}
