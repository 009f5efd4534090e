/** Agent actions on a return: approve or reject one pending review, cancel one for the customer. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export class ReviewReturnRequest {
  @ApiProperty({ example: 'agent-7' }) @IsString() @Length(1, 64) agentId!: string;
  @ApiProperty({ example: 'Photos confirm the damage.' }) @IsString() @Length(1, 2000) note!: string;
}

export class CancelReturnRequest {
  @ApiPropertyOptional({ enum: ['customer', 'agent'], default: 'customer' })
  @IsOptional()
  @IsIn(['customer', 'agent'])
  cancelledBy?: 'customer' | 'agent';
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @Length(1, 2000) reason?: string;
}
