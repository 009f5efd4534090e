/**
 * Stock of one sku at one warehouse, per bucket, and the rule every change obeys: no bucket ever
 * holds fewer than zero units. The ledger is the record; a level is what the ledger adds up to.
 * Besides the buckets returns and other systems move units into, `reserved` holds replacements for
 * exchanges: units in the warehouse that channels may not sell, moved there from `sellable` and back
 * only by reservations.
 */
import { STOCK_BUCKETS, type Disposition, type StockBucket } from '@rebound/contracts';

/** The bucket each inspection disposition puts units into. */
export const BUCKET_FOR_DISPOSITION: Readonly<Record<Disposition, StockBucket>> = {
  restock: 'sellable',
  refurbish: 'refurbish',
  liquidate: 'liquidation',
  return_to_vendor: 'return_to_vendor',
  dispose: 'scrap',
};

/** Every bucket a level keeps: those other systems name, and inventory's own `reserved`. */
export const LEVEL_BUCKETS = [...STOCK_BUCKETS, 'reserved'] as const;
export type LevelBucket = (typeof LEVEL_BUCKETS)[number];

/** Why stock moved: an inspected return, a replacement held for an exchange, or what a WMS/OMS reports. */
export const MOVEMENT_REASONS = [
  'return_inspected',
  'replacement_reserved',
  'replacement_released',
  'replacement_allocated',
  'sale',
  'sale_cancelled',
  'adjustment',
  'transfer_in',
  'transfer_out',
  'damaged',
  'found',
  'lost',
] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/** The reasons inventory gives its own movements, made from other services' events. */
const INTERNAL_MOVEMENT_REASONS = [
  'return_inspected',
  'replacement_reserved',
  'replacement_released',
  'replacement_allocated',
] as const satisfies readonly MovementReason[];
type InternalMovementReason = (typeof INTERNAL_MOVEMENT_REASONS)[number];

/** The reasons other systems may give over the API. */
export type ExternalMovementReason = Exclude<MovementReason, InternalMovementReason>;
export const EXTERNAL_MOVEMENT_REASONS = MOVEMENT_REASONS.filter(
  (reason): reason is ExternalMovementReason =>
    !(INTERNAL_MOVEMENT_REASONS as readonly MovementReason[]).includes(reason),
);

export type Buckets = Readonly<Record<LevelBucket, number>>;

export interface StockLevel {
  readonly sku: string;
  readonly warehouseId: string;
  readonly buckets: Buckets;
  /** Units picked up and on their way here, not inspected yet. */
  readonly expectedInbound: number;
  /** Grows by one with every change. */
  readonly version: number;
  readonly updatedAt: Date;
}

/** One change to one sku at one warehouse: units into or out of a bucket, and/or expected inbound. */
export interface StockChange {
  readonly sku: string;
  readonly warehouseId: string;
  readonly bucket?: LevelBucket;
  readonly quantityDelta?: number;
  readonly inboundDelta?: number;
}

export interface Shortfall {
  readonly sku: string;
  readonly warehouseId: string;
  readonly bucket: LevelBucket;
  readonly available: number;
  readonly requested: number;
}

/** A level's quantities as the API and the stock-level topic name them. */
export function quantitiesOf(level: StockLevel) {
  const { buckets } = level;
  return {
    sellable: buckets.sellable,
    expectedInbound: level.expectedInbound,
    reserved: buckets.reserved,
    refurbish: buckets.refurbish,
    liquidation: buckets.liquidation,
    returnToVendor: buckets.return_to_vendor,
    quarantine: buckets.quarantine,
    scrap: buckets.scrap,
  };
}

export function emptyBuckets(): Record<LevelBucket, number> {
  return Object.fromEntries(LEVEL_BUCKETS.map((bucket) => [bucket, 0])) as Record<LevelBucket, number>;
}

export function levelKey(sku: string, warehouseId: string): string {
  return `${sku}@${warehouseId}`;
}

/**
 * The level after the changes, or what it lacks. Changes apply in order, so a line that takes units
 * out after one that put them in sees them.
 */
export function applyChanges(
  level: StockLevel,
  changes: readonly StockChange[],
  now: Date,
): { readonly level: StockLevel } | { readonly shortfalls: readonly Shortfall[] } {
  const buckets = { ...level.buckets };
  let expectedInbound = level.expectedInbound;
  const shortfalls: Shortfall[] = [];
  for (const change of changes) {
    if (change.bucket !== undefined && change.quantityDelta !== undefined) {
      const after = buckets[change.bucket] + change.quantityDelta;
      if (after < 0) {
        shortfalls.push({
          sku: level.sku,
          warehouseId: level.warehouseId,
          bucket: change.bucket,
          available: buckets[change.bucket],
          requested: -change.quantityDelta,
        });
      } else {
        buckets[change.bucket] = after;
      }
    }
    if (change.inboundDelta !== undefined) expectedInbound += change.inboundDelta;
  }
  if (shortfalls.length > 0) return { shortfalls };
  return { level: { ...level, buckets, expectedInbound, version: level.version + 1, updatedAt: now } };
}
