import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STOCK_BUCKETS, type StockBucket } from '@rebound/contracts';
import { LEVEL_BUCKETS, MOVEMENT_REASONS, type LevelBucket } from '../../domain/stock';

export class StockQuantities {
  @ApiProperty({ type: 'integer', description: 'Units channels may sell now.' }) sellable!: number;
  @ApiProperty({ type: 'integer', description: 'Units picked up and on their way, not inspected yet.' })
  expectedInbound!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Units held for exchanges: in the warehouse, not for sale, until the exchange order takes them.',
  })
  reserved!: number;
  @ApiProperty({ type: 'integer' }) refurbish!: number;
  @ApiProperty({ type: 'integer' }) liquidation!: number;
  @ApiProperty({ type: 'integer' }) returnToVendor!: number;
  @ApiProperty({ type: 'integer' }) quarantine!: number;
  @ApiProperty({ type: 'integer' }) scrap!: number;
}

export class WarehouseStockResponse extends StockQuantities {
  @ApiProperty() warehouseId!: string;
  @ApiProperty({ type: 'integer', description: 'Grows with every change; the `version` of StockLevelChanged.' })
  version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class StockResponse {
  @ApiProperty() sku!: string;
  @ApiProperty({ type: [WarehouseStockResponse] }) warehouses!: WarehouseStockResponse[];
  @ApiProperty({ type: StockQuantities, description: 'Across every warehouse.' }) totals!: StockQuantities;
}

export class ActorResponse {
  @ApiProperty({ description: "The token's subject: a person, or a client's service account." }) subject!: string;
  @ApiProperty({ description: 'The OAuth client the token was issued to.', example: 'rebound-warehouse' })
  clientId!: string;
}

export class LedgerEntryResponse {
  @ApiProperty({ description: 'Position in the ledger; later entries have larger ids.' }) entryId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() warehouseId!: string;
  @ApiProperty({
    enum: LEVEL_BUCKETS,
    description: '`reserved` only for movements of replacements held for exchanges.',
  })
  bucket!: LevelBucket;
  @ApiProperty({ type: 'integer' }) quantityDelta!: number;
  @ApiProperty({ enum: MOVEMENT_REASONS }) reason!: string;
  @ApiProperty({
    description:
      '`inspection:<id>`, `request:<Idempotency-Key>`, or for a replacement held for an exchange ' +
      '`reservation:<id>`, `release:<id>` and `allocation:<id>` (its `reference` is the return line).',
  })
  sourceId!: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) returnId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reference!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({
    type: ActorResponse,
    nullable: true,
    description:
      'Who reported the movement through the API, from their token; null for movements inventory made itself ' +
      'from events (inspections, pickups) and for entries recorded before callers were.',
  })
  movedBy!: ActorResponse | null;
}

export class MovementLineResponse {
  @ApiProperty() sku!: string;
  @ApiProperty() warehouseId!: string;
  @ApiProperty({ enum: STOCK_BUCKETS }) bucket!: StockBucket;
  @ApiProperty({ type: 'integer' }) quantityDelta!: number;
  @ApiProperty({ type: 'integer', description: 'The bucket’s units after the movement.' }) levelAfter!: number;
}

export class MovementResponse {
  @ApiProperty({ description: 'The Idempotency-Key it was recorded under.' }) movementId!: string;
  @ApiProperty({ enum: MOVEMENT_REASONS }) reason!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) reference!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({
    type: ActorResponse,
    nullable: true,
    description:
      'Who reported the movement, from their token; a retry answers with the first caller. Null only for ' +
      'movements recorded before callers were.',
  })
  movedBy!: ActorResponse | null;
  @ApiProperty({ type: [MovementLineResponse] }) lines!: MovementLineResponse[];
}

export class LevelMismatchResponse {
  @ApiProperty() sku!: string;
  @ApiProperty() warehouseId!: string;
  @ApiProperty({ description: 'A bucket, or `expected_inbound`.' }) measure!: string;
  @ApiProperty({ type: 'integer' }) level!: number;
  @ApiProperty({ type: 'integer', description: 'What the ledger (or the open expected inbound) adds up to.' })
  recomputed!: number;
}

export class LedgerCheckResponse {
  @ApiProperty({ description: 'True when every level of this window equals its recomputation.' })
  consistent!: boolean;
  @ApiProperty({ type: 'integer', description: 'Levels (sku at a warehouse) checked in this window.' })
  checkedLevels!: number;
  @ApiProperty({ type: [LevelMismatchResponse] }) mismatches!: LevelMismatchResponse[];
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as `cursor` to check the next window; null when this window reached the last level.',
  })
  nextCursor!: string | null;
}

export class RestockLatencyResponse {
  @ApiProperty({ type: 'integer', description: 'Sellable units restocked in the period.' }) units!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Median seconds from delivery to restock.' })
  p50Seconds!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) p95Seconds!: number | null;
  @ApiProperty({ format: 'date-time', description: 'The period’s start: the `since` asked for, or its default.' })
  since!: string;
}
