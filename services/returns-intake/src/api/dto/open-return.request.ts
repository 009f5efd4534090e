/** `POST /v1/returns/preview` and `POST /v1/returns` (and their gRPC twins): a proposed return. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  COUNTRY_PATTERN,
  LINE_RESOLUTIONS,
  REFUND_METHODS,
  RETURN_METHODS,
  type LineResolutionKind,
  type RefundMethod,
  type ReturnMethod,
  IsQuantity,
  MAX_QUANTITY,
} from '@rebound/contracts';
import { DEFAULT_REFUND_METHOD } from '../../domain/return-request';

/** What the customer chose for a line: one of the line's offers in `POST /v1/returns/preview`. */
export class LineResolutionRequest {
  @ApiProperty({
    enum: LINE_RESOLUTIONS,
    description:
      '`exchange` for an offered replacement, `keep` where keeping the item is offered, `refund` (by the refund method).',
  })
  @IsIn(LINE_RESOLUTIONS)
  kind!: LineResolutionKind;
  @ApiPropertyOptional({ example: 'SKU-SHIRT-L', description: 'The replacement of an exchange: an offered sku.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  replacementSku?: string;
}

export class ReturnLineRequest {
  @ApiProperty({ example: 'line-1', description: 'The order line being returned.' })
  @IsString()
  @Length(1, 64)
  lineId!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY, example: 1 }) @IsQuantity() quantity!: number;
  @ApiProperty({ example: 'changed_mind', description: 'A reason code of the policy (`GET /v1/policy`).' })
  @IsString()
  @Length(1, 64)
  reasonCode!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
  @ApiPropertyOptional({ type: [String], format: 'uri' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { each: true })
  photoUrls?: string[];
  @ApiPropertyOptional({
    type: LineResolutionRequest,
    description: 'Opening only (the preview answers the offers to choose from): absent means a refund.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => LineResolutionRequest)
  resolution?: LineResolutionRequest;
  @ApiPropertyOptional({
    type: [LineResolutionRequest],
    maxItems: 5,
    description: "An exchange's next choices, in order, should its replacement not be reserved; then a refund.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => LineResolutionRequest)
  fallbacks?: LineResolutionRequest[];
}

export class PickupAddressRequest {
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty() @IsString() @Length(1, 200) line1!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) line2?: string;
  @ApiProperty() @IsString() @Length(1, 20) postalCode!: string;
  @ApiProperty() @IsString() @Length(1, 100) city!: string;
  @ApiProperty({ example: 'DE' }) @Matches(COUNTRY_PATTERN) country!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(3, 32) phone?: string;
}

export class TimeWindowRequest {
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) to!: string;
}

export class PickupRequestBody {
  @ApiProperty({ type: PickupAddressRequest })
  @ValidateNested()
  @Type(() => PickupAddressRequest)
  address!: PickupAddressRequest;
  @ApiProperty({ type: TimeWindowRequest }) @ValidateNested() @Type(() => TimeWindowRequest) window!: TimeWindowRequest;
}

/** What preview and open share; each declares `method` itself (a required field cannot inherit optionality). */
abstract class ProposedReturnRequest {
  @ApiProperty({ example: 'order-1001' }) @IsString() @Length(1, 64) orderId!: string;
  @ApiProperty({ type: [ReturnLineRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ReturnLineRequest)
  lines!: ReturnLineRequest[];
  @ApiPropertyOptional({ enum: REFUND_METHODS, default: DEFAULT_REFUND_METHOD })
  @IsOptional()
  @IsIn(REFUND_METHODS)
  refundMethod?: RefundMethod;
  @ApiPropertyOptional({ type: PickupRequestBody, description: 'Required for carrier and curbside pickup.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PickupRequestBody)
  pickup?: PickupRequestBody;
}

export class PreviewReturnRequest extends ProposedReturnRequest {
  @ApiPropertyOptional({ enum: RETURN_METHODS, description: 'Leave out to see every method the policy allows.' })
  @IsOptional()
  @IsIn(RETURN_METHODS)
  method?: ReturnMethod;
}

export class OpenReturnRequest extends ProposedReturnRequest {
  @ApiProperty({ enum: RETURN_METHODS }) @IsIn(RETURN_METHODS) method!: ReturnMethod;
}
