import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsId, IsTimestamp } from '@rebound/contracts';
import { PageQuery } from '@rebound/http';

/** The most levels one ledger check recomputes: a window, never the whole ledger in one request. */
export const MAX_LEDGER_CHECK_LEVELS = 1000;

/** The shared paging query with a larger window: a level is a cheap row to check, a page of 100 a small one. */
export class LedgerCheckQuery extends OmitType(PageQuery, ['limit'] as const) {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_LEDGER_CHECK_LEVELS,
    default: MAX_LEDGER_CHECK_LEVELS,
    description: 'Levels (sku at a warehouse) to check, in sku and warehouse order.',
  })
  // Query strings arrive as strings.
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LEDGER_CHECK_LEVELS)
  limit = MAX_LEDGER_CHECK_LEVELS;
}

/** How far back restock latency looks when not told, and at most: a period, never every restock ever. */
export const DEFAULT_RESTOCK_LATENCY_DAYS = 30;
export const MAX_RESTOCK_LATENCY_DAYS = 90;

export class RestockLatencyQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      `Only units restocked from this time on; default ${DEFAULT_RESTOCK_LATENCY_DAYS} days ago, at most ` +
      `${MAX_RESTOCK_LATENCY_DAYS} days ago (an earlier time is a 400).`,
  })
  @IsOptional()
  @IsTimestamp()
  since?: string;
}

/** The sku of a stock read, from a REST path or a gRPC message: one rule for both edges. */
export class SkuRequest {
  @IsId() sku!: string;
}
