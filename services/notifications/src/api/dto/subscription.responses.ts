/** What the webhook administration API answers. Secrets appear only in the answers of create and rotate. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../domain/delivery';
import { PUBLIC_EVENT_TYPES, type PublicEventType } from '../../domain/public-events';
import { SubscriptionFilterRequest } from './subscription.requests';

export class ActorResponse {
  @ApiProperty({ description: "The token's subject: a person, or a client's service account." }) subject!: string;
  @ApiProperty({ description: 'The OAuth client the token was issued to.', example: 'rebound-ops' })
  clientId!: string;
}

export class SubscriptionResponse {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty() url!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ enum: PUBLIC_EVENT_TYPES, isArray: true }) eventTypes!: PublicEventType[];
  @ApiProperty({ type: SubscriptionFilterRequest, description: 'Empty: every return.' })
  filter!: SubscriptionFilterRequest;
  @ApiProperty() active!: boolean;
  @ApiPropertyOptional({
    enum: ['by-request', 'failing'],
    description: 'Why it is inactive: someone asked, or a delivery kept failing for the whole retry period.',
  })
  disabledReason?: string;
  @ApiPropertyOptional({ format: 'date-time' }) disabledAt?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: ActorResponse, description: 'Who created it, from their token.' }) createdBy!: ActorResponse;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({
    type: ActorResponse,
    description: 'Who changed it last, from their token (the delivery worker when it disabled it).',
  })
  updatedBy!: ActorResponse;
}

export class CreatedSubscriptionResponse extends SubscriptionResponse {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The Standard Webhooks signing secret; not shown again (rotate to get a new one).',
  })
  secret!: string;
}

export class RotatedSecretResponse {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ description: 'The new signing secret; not shown again.' }) secret!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the replaced secret still signs (deliveries carry both signatures); null: no longer.',
  })
  previousValidUntil!: string | null;
}

export class DeliveryResponse {
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ format: 'uuid' }) returnId!: string;
  @ApiProperty({ description: 'The `webhook-id` header and the body’s `id`; the same on every attempt.' })
  eventId!: string;
  @ApiProperty({ enum: PUBLIC_EVENT_TYPES }) eventType!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ format: 'date-time', description: 'When a pending delivery is tried next.' }) nextAttemptAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) lastAttemptAt?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'The receiver’s HTTP status on the last attempt.' })
  lastStatusCode?: number;
  @ApiPropertyOptional({ description: 'What went wrong on the last attempt.' }) lastError?: string;
  @ApiPropertyOptional({ format: 'date-time' }) deliveredAt?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) redeliveredAt?: string;
  @ApiPropertyOptional({ type: ActorResponse, description: 'Who asked for the last redelivery, from their token.' })
  redeliveredBy?: ActorResponse;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The body sent: `{ id, type, version, timestamp, data }` (docs/notifications.md).',
  })
  payload!: Record<string, unknown>;
}
