/** `GET /v1/returns` filters, on top of the shared paging query. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '@rebound/http';
import { RETURN_STATUSES, type ReturnStatus } from '../../domain/return-status';

export class ListReturnsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) orderId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) customerId?: string;
  @ApiPropertyOptional({ enum: RETURN_STATUSES }) @IsOptional() @IsIn(RETURN_STATUSES) status?: ReturnStatus;
}
