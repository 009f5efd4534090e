import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsId, IsTimestamp } from '@rebound/contracts';

export class RestockLatencyQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only units restocked from this time on.' })
  @IsOptional()
  @IsTimestamp()
  since?: string;
}

/** The sku of a stock read, from a REST path or a gRPC message: one rule for both edges. */
export class SkuRequest {
  @IsId() sku!: string;
}
