/**
 * Agent and customer actions on a return. Who acts is the caller's verified token, recorded with the
 * action; the body says only what is decided and why.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class ReviewReturnRequest {
  @ApiProperty({ example: 'Photos confirm the damage.' }) @IsString() @Length(1, 2000) note!: string;
}

export class CancelReturnRequest {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @Length(1, 2000) reason?: string;
}
