import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DISPOSITIONS, INSPECTION_FLAGS } from '@rebound/contracts';
import { QUEUE_STATES } from '../../domain/inspection';

export class LineRecordResponse {
  @ApiProperty({ type: 'integer' }) receivedQuantity!: number;
  @ApiProperty() grade!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' } }) checklist!: Record<string, boolean>;
  @ApiProperty() wrongItem!: boolean;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ type: [String] }) photoUrls!: string[];
  @ApiProperty({ description: 'Who recorded it (or corrected it): the subject of their token.' }) recordedBy!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The client application it was recorded through; null for records kept before clients were.',
  })
  recordedByClientId!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class InspectionLineResponse {
  @ApiProperty() lineId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty({ nullable: true, type: String }) category!: string | null;
  @ApiProperty({ type: 'integer' }) expectedQuantity!: number;
  @ApiProperty() unexpected!: boolean;
  @ApiProperty({ type: LineRecordResponse, nullable: true }) record!: LineRecordResponse | null;
  @ApiProperty({ enum: INSPECTION_FLAGS, isArray: true }) flags!: string[];
  @ApiPropertyOptional({ enum: DISPOSITIONS, nullable: true, description: 'Where the grade sends it, once graded.' })
  disposition!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Share of the price refundable at its grade.' })
  refundableFraction!: number | null;
}

export class ClaimResponse {
  @ApiProperty({ description: 'The inspector holding the claim: the subject of the token it was claimed with.' })
  inspectorId!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The client application it was claimed through; null for claims made before clients were kept.',
  })
  inspectorClientId!: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class ResolutionResponse {
  @ApiProperty({ description: 'The supervisor who resolved it: the subject of their token.' }) supervisorId!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The client application it was resolved through; null for resolutions kept before clients were.',
  })
  supervisorClientId!: string | null;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'date-time' }) resolvedAt!: string;
}

export class InspectionResponse {
  @ApiProperty() inspectionId!: string;
  @ApiProperty() returnId!: string;
  @ApiProperty() orderId!: string;
  @ApiProperty() warehouseId!: string;
  @ApiProperty({ enum: QUEUE_STATES }) state!: string;
  @ApiProperty({ type: ClaimResponse, nullable: true, description: 'The claim in force.' })
  claim!: ClaimResponse | null;
  @ApiProperty({ type: [InspectionLineResponse] }) lines!: InspectionLineResponse[];
  @ApiProperty({ enum: INSPECTION_FLAGS, isArray: true, description: 'What held it, for a held or resolved one.' })
  flagsAtCompletion!: string[];
  @ApiProperty({ type: ResolutionResponse, nullable: true }) resolution!: ResolutionResponse | null;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    description:
      'The trace of the return’s journey when the inspection opened. Send it as the `traceparent` header of the calls that inspect it, and the inspection and what follows it stay on the return’s trace.',
  })
  traceparent!: string | null;
}
