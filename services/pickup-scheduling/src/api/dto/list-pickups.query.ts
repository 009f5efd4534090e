import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '@rebound/http';
import { PARTNER_ID_PATTERN } from '@rebound/contracts';
import { PICKUP_STATES, type PickupState } from '../../domain/pickup';
import { MAX_SLOT_RANGE_DAYS } from '../../domain/use-cases/report-slot-usage/report-slot-usage.command';

export class ListPickupsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() returnId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(PARTNER_ID_PATTERN) partnerId?: string;
  @ApiPropertyOptional({ enum: PICKUP_STATES }) @IsOptional() @IsIn(PICKUP_STATES) state?: PickupState;
}

export class SlotUsageQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now.' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T/)
  from?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: `Default: 14 days after \`from\`; at most ${MAX_SLOT_RANGE_DAYS} days after it (a longer span is a 400).`,
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T/)
  to?: string;
}
