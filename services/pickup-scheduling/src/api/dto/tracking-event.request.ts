/** `POST /v1/partners/{partnerId}/tracking-events`: one tracking event, as a signed webhook. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { TRACKING_STATUSES, TrackingReported, type TrackingStatus } from '@rebound/contracts';

/**
 * The contract's TrackingReported, validated by its rules, plus the partner's id for the event. The
 * fields are declared again only to describe them in the OpenAPI document.
 */
export class TrackingEventRequest extends TrackingReported {
  @ApiProperty({
    format: 'uuid',
    description: 'The partner’s id of this event; a repeat with the same id changes nothing.',
  })
  @IsUUID()
  eventId!: string;
  @ApiProperty({ format: 'uuid' }) declare pickupId: string;
  @ApiProperty({ enum: TRACKING_STATUSES }) declare status: TrackingStatus;
  @ApiProperty({ format: 'date-time' }) declare occurredAt: string;
  @ApiPropertyOptional({ description: 'Required for attempt_failed and exception.' }) declare reason?: string;
  @ApiPropertyOptional({ description: 'Required for delivered_to_warehouse.' }) declare warehouseId?: string;
  @ApiPropertyOptional() declare location?: string;
}
