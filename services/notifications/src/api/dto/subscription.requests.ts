/**
 * Requests of the webhook administration API. None names who acts: that is the caller, as its bearer
 * token says. Shapes are checked here (400 naming each bad field); whether the URL may be called at
 * all is the use case's rule (422 `destination-not-allowed`).
 */
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '@rebound/http';
import { MAX_ID_LENGTH } from '@rebound/contracts';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../domain/delivery';
import { PUBLIC_EVENT_TYPES, type PublicEventType } from '../../domain/public-events';

/** Values a filter field may list: enough for a handful of test orders or VIP tiers, not a customer list. */
const MAX_FILTER_VALUES = 100;

export class SubscriptionFilterRequest {
  @ApiPropertyOptional({ type: [String], maxItems: MAX_FILTER_VALUES, description: 'Only returns of these orders.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_ID_LENGTH, { each: true })
  orderIds?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_FILTER_VALUES, description: 'Only returns of these customers.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_ID_LENGTH, { each: true })
  customerIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_FILTER_VALUES,
    description: 'Only returns whose customer had one of these loyalty tiers when the return was approved.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_ID_LENGTH, { each: true })
  loyaltyTiers?: string[];
}

export class CreateSubscriptionRequest {
  @ApiProperty({
    format: 'uri',
    maxLength: 2000,
    example: 'https://oms.example.com/hooks/rebound',
    description:
      'Where deliveries are POSTed: http(s), no credentials, not an internal address (unless this deployment allows its host).',
  })
  @IsString()
  @Length(1, 2000)
  url!: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'What the subscription is for, for people.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ enum: PUBLIC_EVENT_TYPES, isArray: true, minItems: 1, description: 'The public event types sent.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(PUBLIC_EVENT_TYPES, { each: true })
  eventTypes!: PublicEventType[];

  @ApiPropertyOptional({
    type: SubscriptionFilterRequest,
    description: 'Only events of returns matching every field given; absent: every return.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SubscriptionFilterRequest)
  filter?: SubscriptionFilterRequest;

  @ApiPropertyOptional({ default: true, description: 'An inactive subscription gets no deliveries.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Every field optional; the filter, when given, replaces the old one whole. */
export class UpdateSubscriptionRequest extends PartialType(CreateSubscriptionRequest) {}

export class RotateSecretRequest {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 7 * 24 * 3600,
    description:
      'How long the secret being replaced keeps signing (deliveries carry both signatures meanwhile); ' +
      'absent: the service’s configured overlap; 0: it stops at once.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  previousValidForSeconds?: number;
}

export class DeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this subscription’s deliveries.' })
  @IsOptional()
  @IsUUID()
  subscriptionId?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}
