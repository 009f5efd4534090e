/** `PUT /v1/policy`: a complete new policy document, who changes it and why. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length } from 'class-validator';

export class PutPolicyRequest {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The whole policy, in the format of the policy file.',
  })
  @IsObject()
  policy!: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) note?: string;
}
