import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsTimestamp } from '@rebound/contracts';

export class RestockLatencyQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only units restocked from this time on.' })
  @IsOptional()
  @IsTimestamp()
  since?: string;
}
