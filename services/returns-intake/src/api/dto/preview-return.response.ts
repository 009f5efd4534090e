/** `POST /v1/returns/preview`: what the policy would decide, line by line; nothing is created. */
import { ApiProperty } from '@nestjs/swagger';
import { RETURN_METHODS } from '@rebound/contracts';
import { OFFER_OUTCOMES } from '../../domain/policy/policy-document';
import { FeesResponse } from './return.response';

export class AssessmentProblemResponse {
  @ApiProperty({
    enum: ['input', 'eligibility'],
    description: '`input`: fix the request; `eligibility`: the policy says no.',
  })
  kind!: string;
  @ApiProperty({ example: 'window-closed' }) code!: string;
  @ApiProperty({ example: 'lines[0]' }) field!: string;
  @ApiProperty() message!: string;
}

export class ReplacementResponse {
  @ApiProperty() sku!: string;
  @ApiProperty() productId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { size: 'L', colour: 'blue' },
    description: "The variant's value for each of its product's options.",
  })
  optionValues!: Record<string, string>;
}

export class OfferResponse {
  @ApiProperty({ enum: OFFER_OUTCOMES }) outcome!: string;
  @ApiProperty({ type: ReplacementResponse, nullable: true, description: 'The variant sent, for an exchange.' })
  replacement!: ReplacementResponse | null;
  @ApiProperty({
    type: 'integer',
    description: 'Replacement minus what was paid: positive the customer pays it, negative it is refunded.',
  })
  priceDifferenceMinor!: number;
  @ApiProperty({ type: 'integer', description: 'Store credit on top: the store-credit or exchange bonus.' })
  bonusMinor!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Paid back: the refund, the credit before its bonus, a kept line, a cheaper exchange’s surplus.',
  })
  refundMinor!: number;
  @ApiProperty({ description: 'The exchange ships before the returned parcel arrives.' }) instant!: boolean;
  @ApiProperty({ type: 'integer', description: 'Ranking points of an exchange; 0 for the other outcomes.' })
  score!: number;
  @ApiProperty({ example: 'Kept size L by 78% of customers who returned M as too small' }) explanation!: string;
}

export class LineAssessmentResponse {
  @ApiProperty() lineId!: string;
  @ApiProperty({ nullable: true, type: String }) sku!: string | null;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty() eligible!: boolean;
  @ApiProperty({ type: [AssessmentProblemResponse] }) problems!: AssessmentProblemResponse[];
  @ApiProperty({ type: 'integer', description: 'Units of the line that can still be returned.' })
  returnableQuantity!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) windowEndsAt!: string | null;
  @ApiProperty({ enum: RETURN_METHODS, isArray: true }) allowedMethods!: string[];
  @ApiProperty({ type: 'integer' }) valueMinor!: number;
  @ApiProperty({ type: 'integer' }) restockingFeeMinor!: number;
  @ApiProperty({
    type: [OfferResponse],
    description: 'What the policy allows instead of or besides a refund, best first; none for an ineligible line.',
  })
  offers!: OfferResponse[];
}

export class PreviewReturnResponse {
  @ApiProperty({ enum: ['approved', 'rejected', 'pending_review', 'invalid'] }) outcome!: string;
  @ApiProperty({ type: 'integer' }) policyVersion!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [LineAssessmentResponse] }) lines!: LineAssessmentResponse[];
  @ApiProperty({ type: [AssessmentProblemResponse], description: 'Problems of the return as a whole.' })
  problems!: AssessmentProblemResponse[];
  @ApiProperty({ enum: RETURN_METHODS, isArray: true, description: 'Methods allowed for all lines together.' })
  allowedMethods!: string[];
  @ApiProperty({ type: FeesResponse }) fees!: FeesResponse;
  @ApiProperty({ type: 'integer' }) expectedRefundMinor!: number;
  @ApiProperty() instantRefund!: boolean;
  @ApiProperty({ type: [String] }) reviewReasons!: string[];
}
