/**
 * `POST /v1/partners` and `PUT /v1/partners/{partnerId}`: a 3PL partner's terms; and
 * `POST /v1/partners/{partnerId}/webhook-secret/rotate`. Webhook secrets are never a caller's choice:
 * the service generates them.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  COUNTRY_PATTERN,
  CURRENCY_PATTERN,
  PARTNER_ID_PATTERN,
  RETURN_METHODS,
  SLOT_END_PATTERN,
  SLOT_START_PATTERN,
  type ReturnMethod,
  IsMinorAmount,
  MAX_MINOR_AMOUNT,
} from '@rebound/contracts';
import {
  DEFAULT_PREVIOUS_VALID_SECONDS,
  MAX_PREVIOUS_VALID_SECONDS,
} from '../../domain/use-cases/rotate-partner-secret/rotate-partner-secret.command';

export class ServiceAreaRequest {
  @ApiProperty({ example: 'DE' }) @Matches(COUNTRY_PATTERN) country!: string;
  @ApiProperty({
    type: [String],
    example: ['10', '12'],
    description: 'Postal codes served start with one of these; empty: the whole country.',
  })
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(/^[A-Za-z0-9 -]{1,10}$/, { each: true })
  postalPrefixes!: string[];
}

export class SlotWindowRequest {
  @ApiProperty({ example: '08:00', description: 'Daily, UTC.' }) @Matches(SLOT_START_PATTERN) start!: string;
  @ApiProperty({ example: '12:00', description: 'Daily, UTC; after start, `24:00` for midnight.' })
  @Matches(SLOT_END_PATTERN)
  end!: string;
  @ApiProperty({ type: 'integer', minimum: 0, example: 20, description: 'Pickups the partner takes in it per day.' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  capacity!: number;
}

export class PartnerTermsRequest {
  @ApiProperty({ example: 'ACME Logistics' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ default: true, description: 'Inactive partners get no new bookings.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
  @ApiProperty({ type: [ServiceAreaRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ServiceAreaRequest)
  serviceAreas!: ServiceAreaRequest[];
  @ApiProperty({ enum: RETURN_METHODS, isArray: true, description: 'The return methods the partner handles.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(RETURN_METHODS, { each: true })
  capabilities!: ReturnMethod[];
  @ApiProperty({ type: [SlotWindowRequest], description: 'Needed for carrier and curbside pickup.' })
  @IsArray()
  @ArrayMaxSize(48)
  @ValidateNested({ each: true })
  @Type(() => SlotWindowRequest)
  slotWindows!: SlotWindowRequest[];
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_MINOR_AMOUNT,
    example: 450,
    description: 'In minor units of `currency`.',
  })
  @IsMinorAmount()
  costPerPickupMinor!: number;
  @ApiProperty({ example: 'EUR' }) @Matches(CURRENCY_PATTERN) currency!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 48,
    description: 'Promised hours from collection to warehouse.',
  })
  @IsInt()
  @Min(1)
  @Max(720)
  slaHours!: number;
  @ApiProperty({ example: 'wh-berlin', description: 'Where the partner brings the parcels.' })
  @IsString()
  @Length(1, 64)
  destinationWarehouseId!: string;
  @ApiPropertyOptional({
    example: 'partner-swiftback',
    description:
      'The partner’s own OAuth client: its tokens (with `tracking:report`) may authenticate the partner’s ' +
      'webhook calls instead of a signature. Left out: signed calls only.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  @Matches(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' })
  oauthClientId?: string;
}

export class CreatePartnerRequest extends PartnerTermsRequest {
  @ApiProperty({ example: 'acme-logistics', pattern: PARTNER_ID_PATTERN.source })
  @Matches(PARTNER_ID_PATTERN)
  partnerId!: string;
}

export class RotateWebhookSecretRequest {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_PREVIOUS_VALID_SECONDS,
    default: DEFAULT_PREVIOUS_VALID_SECONDS,
    description:
      'How long the secret being replaced keeps verifying, so the partner can switch over; 0: it stops at once.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PREVIOUS_VALID_SECONDS)
  previousValidForSeconds?: number;
}
