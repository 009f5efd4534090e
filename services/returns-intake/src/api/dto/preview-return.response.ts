/** `POST /v1/returns/preview`: what the policy would decide, line by line; nothing is created. */
import { ApiProperty } from '@nestjs/swagger';
import { RETURN_METHODS } from '@rebound/contracts';
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
