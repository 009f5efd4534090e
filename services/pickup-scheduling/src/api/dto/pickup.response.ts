import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PICKUP_ABANDON_REASONS, RETURN_METHODS, TRACKING_STATUSES } from '@rebound/contracts';
import { PICKUP_STATES } from '../../domain/pickup';

export class TimeSpanResponse {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
}

export class ConsideredPartnerResponse {
  @ApiProperty() partnerId!: string;
  @ApiProperty({ example: 'does not serve DE 80331' }) outcome!: string;
}

export class PartnerChoiceResponse {
  @ApiProperty({ nullable: true, type: String }) chosen!: string | null;
  @ApiProperty() rule!: string;
  @ApiProperty({ type: [ConsideredPartnerResponse] }) considered!: ConsideredPartnerResponse[];
}

export class TrackingHistoryResponse {
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: TRACKING_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ enum: ['kafka', 'webhook'] }) channel!: string;
  @ApiProperty({ enum: ['applied', 'ignored'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why an ignored event changed nothing.' })
  note!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class PickupLineResponse {
  @ApiProperty() lineId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
}

export class PickupSummaryResponse {
  @ApiProperty() pickupId!: string;
  @ApiProperty() returnId!: string;
  @ApiProperty({ nullable: true, type: String }) partnerId!: string | null;
  @ApiProperty({ enum: RETURN_METHODS }) method!: string;
  @ApiProperty({ enum: PICKUP_STATES }) state!: string;
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty({ type: 'integer' }) maxAttempts!: number;
  @ApiPropertyOptional({ type: TimeSpanResponse, nullable: true }) slot!: TimeSpanResponse | null;
  @ApiProperty({ nullable: true, type: String }) trackingNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) dropOffCode!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When an unused label or booking is given up.',
  })
  deadline!: string | null;
  @ApiProperty({ nullable: true, enum: PICKUP_ABANDON_REASONS }) abandonReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PickupResponse extends PickupSummaryResponse {
  @ApiPropertyOptional({ type: TimeSpanResponse, nullable: true, description: 'The customer’s window.' })
  window!: TimeSpanResponse | null;
  @ApiProperty({ nullable: true, type: String }) destinationWarehouseId!: string | null;
  @ApiProperty({ type: [PickupLineResponse] }) lines!: PickupLineResponse[];
  @ApiProperty({ type: PartnerChoiceResponse }) choice!: PartnerChoiceResponse;
  @ApiProperty({
    type: [TrackingHistoryResponse],
    description: 'Every accepted tracking event, in the order they happened.',
  })
  tracking!: TrackingHistoryResponse[];
}

export class TrackingAcceptedResponse {
  @ApiProperty({ enum: ['applied', 'ignored', 'duplicate'] }) outcome!: string;
  @ApiPropertyOptional({ enum: PICKUP_STATES, description: 'The pickup’s state after the event.' }) state?: string;
  @ApiPropertyOptional({ description: 'Why an ignored event changed nothing.' }) note?: string;
}
