/** What a caller reads about a return: `GET /v1/returns/{id}` (and the list, without timeline and decisions). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LINE_RESOLUTIONS, REFUND_METHODS, REFUND_PHASES, REFUND_STATES, RETURN_METHODS } from '@rebound/contracts';
import { RETURN_STATUSES } from '../../domain/return-status';
import { TimeWindowRequest } from './open-return.request';

const PERSONAL = 'Shown only to the customer whose return it is and to agents (callers who may review returns).';

export class PickupAddressResponse {
  @ApiPropertyOptional({ description: PERSONAL }) name?: string;
  @ApiPropertyOptional({ description: PERSONAL }) line1?: string;
  @ApiPropertyOptional({ description: PERSONAL }) line2?: string;
  @ApiProperty() postalCode!: string;
  @ApiProperty() city!: string;
  @ApiProperty({ example: 'DE' }) country!: string;
  @ApiPropertyOptional({ description: PERSONAL }) phone?: string;
}

export class PickupResponse {
  @ApiProperty({ type: PickupAddressResponse }) address!: PickupAddressResponse;
  @ApiProperty({ type: TimeWindowRequest }) window!: TimeWindowRequest;
}

export class ReplacementItemResponse {
  @ApiProperty() sku!: string;
  @ApiProperty() productId!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ type: 'integer', description: 'Its price per unit when the return was opened.' })
  unitPriceMinor!: number;
}

export class LineResolutionResponse {
  @ApiProperty({ enum: LINE_RESOLUTIONS }) kind!: string;
  @ApiPropertyOptional({ type: ReplacementItemResponse, description: 'The replacement of an exchange.' })
  replacement?: ReplacementItemResponse;
  @ApiPropertyOptional({ type: 'integer', description: 'Store credit on top of an exchange for another product.' })
  bonusMinor?: number;
}

export class ReturnLineResponse {
  @ApiProperty() lineId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ type: 'integer' }) unitPriceMinor!: number;
  @ApiProperty() reasonCode!: string;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ type: [String] }) photoUrls!: string[];
  @ApiProperty({ type: 'integer' }) restockingFeeMinor!: number;
  @ApiProperty({
    type: LineResolutionResponse,
    nullable: true,
    description: 'What the line resolves to as it stands now; null: a refund.',
  })
  resolution!: LineResolutionResponse | null;
  @ApiProperty({ type: [LineResolutionResponse], description: 'The next choices left, in order.' })
  fallbacks!: LineResolutionResponse[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: "Where inventory holds an exchange's replacement, once reserved.",
  })
  warehouseId!: string | null;
}

export class LineReasonResponse {
  @ApiProperty() code!: string;
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

export class DecisionLineResponse {
  @ApiProperty() lineId!: string;
  @ApiProperty() eligible!: boolean;
  @ApiProperty({ type: [LineReasonResponse] }) reasons!: LineReasonResponse[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) windowEndsAt!: string | null;
}

export class DecisionResponse {
  @ApiProperty({ enum: ['approved', 'rejected', 'pending_review'] }) outcome!: string;
  @ApiProperty({ type: 'integer' }) policyVersion!: number;
  @ApiProperty({ description: '`policy` for automatic decisions, else the agent id.' }) decidedBy!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiProperty({ type: [DecisionLineResponse] }) lines!: DecisionLineResponse[];
  @ApiProperty({ type: [String] }) reviewReasons!: string[];
  @ApiProperty() instantRefund!: boolean;
}

export class FeesResponse {
  @ApiProperty({ type: 'integer' }) restockingFeeMinor!: number;
  @ApiProperty({ type: 'integer' }) returnShippingFeeMinor!: number;
}

export class RefundResponse {
  @ApiProperty({ format: 'uuid' }) refundId!: string;
  @ApiProperty({ enum: ['refund', 'store_credit'] }) kind!: string;
  @ApiProperty({ enum: REFUND_PHASES }) phase!: string;
  @ApiProperty({ enum: REFUND_STATES, description: 'As refunds names it.' }) state!: string;
  @ApiProperty({ type: 'integer' }) amountMinor!: number;
  @ApiProperty({ type: 'integer' }) bonusMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Clawed back after inspection.' }) clawbackMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ nullable: true, type: String }) detail!: string | null;
}

export class RefundSummaryResponse {
  @ApiProperty({ type: 'integer', description: 'Issued minus clawed back.' }) refundedMinor!: number;
  @ApiProperty({ type: [RefundResponse] }) items!: RefundResponse[];
}

export class ActorResponse {
  @ApiProperty({ description: "The token's subject: a person, or a client's service account." }) subject!: string;
  @ApiProperty({ description: 'The OAuth client the token was issued to.', example: 'rebound-support' })
  clientId!: string;
}

export class TimelineEntryResponse {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'PickupScheduled' }) type!: string;
  @ApiProperty({ example: '/rebound/pickup-scheduling' }) source!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ enum: RETURN_STATUSES }) statusAfter!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiPropertyOptional({
    type: ActorResponse,
    nullable: true,
    description: 'Who made the change through the API, from their token; null for facts other services reported.',
  })
  actor!: ActorResponse | null;
}

export class ReturnSummaryResponse {
  @ApiProperty({ format: 'uuid' }) returnId!: string;
  @ApiProperty() orderId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: RETURN_STATUSES }) status!: string;
  @ApiProperty({ enum: RETURN_METHODS }) method!: string;
  @ApiProperty({ enum: REFUND_METHODS }) refundMethod!: string;
  @ApiPropertyOptional({ type: PickupResponse, nullable: true }) pickup!: PickupResponse | null;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer' }) policyVersion!: number;
  @ApiProperty({ type: 'integer' }) expectedRefundMinor!: number;
  @ApiProperty({ description: "Its exchanges ship before the parcel arrives (the customer's tier)." })
  instantExchange!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the exchange order was requested: the replacements are allocated and refunds settles their money.',
  })
  exchangeRequestedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      "When the replacements were released to ship, the exchange paid (a dearer replacement's difference collected).",
  })
  exchangeReleasedAt!: string | null;
  @ApiProperty({ type: [ReturnLineResponse] }) lines!: ReturnLineResponse[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ReturnResponse extends ReturnSummaryResponse {
  @ApiProperty({ type: DecisionResponse, description: 'The latest decision.' }) decision!: DecisionResponse;
  @ApiProperty({ type: [DecisionResponse] }) decisions!: DecisionResponse[];
  @ApiProperty({ type: FeesResponse }) fees!: FeesResponse;
  @ApiProperty({ type: RefundSummaryResponse }) refunds!: RefundSummaryResponse;
  @ApiProperty({ type: [TimelineEntryResponse], description: 'Every event about the return, oldest first.' })
  timeline!: TimelineEntryResponse[];
}

export class StuckReturnResponse extends ReturnSummaryResponse {
  @ApiProperty({
    format: 'date-time',
    description: 'When the return last progressed: its status changed or a fact about it reached its timeline.',
  })
  progressedAt!: string;
  @ApiProperty({ type: 'integer', description: 'Seconds since it last progressed.' }) stuckForSeconds!: number;
  @ApiProperty({
    type: 'integer',
    description: 'How long its status allows without progress, in seconds (`STUCK_AFTER`).',
  })
  thresholdSeconds!: number;
}
