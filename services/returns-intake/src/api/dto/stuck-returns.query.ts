/** `GET /v1/returns/stuck` filters, on top of the shared paging query. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@rebound/http';
import { WAITING_STATUSES, type WaitingStatus } from '../../domain/stuck-returns';

export class StuckReturnsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WAITING_STATUSES, description: 'Only returns stuck in this status.' })
  @IsOptional()
  @IsIn(WAITING_STATUSES)
  status?: WaitingStatus;
}
