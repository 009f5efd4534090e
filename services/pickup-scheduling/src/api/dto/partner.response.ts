import { ApiProperty } from '@nestjs/swagger';
import { RETURN_METHODS, type ReturnMethod } from '@rebound/contracts';
import { ServiceAreaRequest, SlotWindowRequest } from './partner.request';

export class ActorResponse {
  @ApiProperty({ description: "The token's subject: a person, or a client's service account." }) subject!: string;
  @ApiProperty({ description: 'The OAuth client the token was issued to.', example: 'rebound-ops' })
  clientId!: string;
}

export class PartnerResponse {
  @ApiProperty() partnerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: [ServiceAreaRequest] }) serviceAreas!: ServiceAreaRequest[];
  @ApiProperty({ enum: RETURN_METHODS, isArray: true }) capabilities!: ReturnMethod[];
  @ApiProperty({ type: [SlotWindowRequest] }) slotWindows!: SlotWindowRequest[];
  @ApiProperty({ type: 'integer' }) costPerPickupMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer' }) slaHours!: number;
  @ApiProperty() destinationWarehouseId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The OAuth client whose tokens may authenticate the partner’s webhook calls; null: signed calls only.',
  })
  oauthClientId!: string | null;
  @ApiProperty({ description: 'Where the partner publishes tracking events.' }) trackingTopic!: string;
  @ApiProperty({ description: 'Where the partner reads its bookings.' }) bookingsTopic!: string;
  @ApiProperty({ format: 'date-time', description: 'When the partner was registered.' }) createdAt!: string;
  @ApiProperty({
    type: ActorResponse,
    nullable: true,
    description:
      'Who registered the partner, from their token; null for partners the seed file registered and those ' +
      'registered before it was recorded.',
  })
  createdBy!: ActorResponse | null;
  @ApiProperty({ format: 'date-time', description: 'When the partner was last changed: terms or webhook secret.' })
  updatedAt!: string;
  @ApiProperty({
    type: ActorResponse,
    nullable: true,
    description:
      'Who last changed the partner (its terms, or by rotating its webhook secret), from their token; null ' +
      'when nobody has through the API since it was recorded.',
  })
  updatedBy!: ActorResponse | null;
}

export class PartnerKafkaCredentialsResponse {
  @ApiProperty({ enum: ['scram-sha-512'] }) mechanism!: 'scram-sha-512';
  @ApiProperty({ description: 'The partner’s own Kafka user.' }) username!: string;
  @ApiProperty({ description: 'Its password; not shown again.' }) password!: string;
}

export class CreatedPartnerResponse extends PartnerResponse {
  @ApiProperty({ description: 'The webhook signing secret; not shown again.' }) webhookSecret!: string;
  @ApiProperty({
    type: PartnerKafkaCredentialsResponse,
    nullable: true,
    description:
      'The Kafka user made for the partner, allowed to write only its tracking topic and read only its bookings ' +
      'topic; null when this deployment makes partners’ Kafka users elsewhere, or the user existed already.',
  })
  kafka!: PartnerKafkaCredentialsResponse | null;
}

export class RotatedWebhookSecretResponse {
  @ApiProperty() partnerId!: string;
  @ApiProperty({ description: 'The new webhook signing secret; not shown again.' }) webhookSecret!: string;
  @ApiProperty({ format: 'date-time' }) rotatedAt!: string;
  @ApiProperty({ type: ActorResponse, description: 'Who rotated it, from their token.' }) rotatedBy!: ActorResponse;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the replaced secret still verifies; null: it no longer does.',
  })
  previousValidUntil!: string | null;
}

export class SlotUsageResponse {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: 'integer' }) capacity!: number;
  @ApiProperty({ type: 'integer' }) booked!: number;
}

export class RejectedEventResponse {
  @ApiProperty() rejectionId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() pickupId!: string;
  @ApiProperty({ enum: ['kafka', 'webhook'] }) channel!: string;
  @ApiProperty({ enum: ['unknown-pickup', 'foreign-pickup'] }) reason!: string;
  @ApiProperty() detail!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
}
