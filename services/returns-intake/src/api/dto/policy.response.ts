/** `GET /v1/policy`: the current policy in words, and the document behind it. */
import { ApiProperty } from '@nestjs/swagger';

export class PolicyTermsSectionResponse {
  @ApiProperty({ example: 'Return window' }) title!: string;
  @ApiProperty({ type: [String] }) terms!: string[];
}

export class PolicyResponse {
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) effectiveSince!: string;
  @ApiProperty({ enum: ['file', 'api'] }) source!: string;
  @ApiProperty({ type: [PolicyTermsSectionResponse] }) sections!: PolicyTermsSectionResponse[];
  @ApiProperty({ type: 'object', additionalProperties: true }) document!: Record<string, unknown>;
}
