/**
 * Replacements held for exchanges, keyed by the return id on `inventory.stock.v1`: reserved units
 * leave what channels may sell (the `reserved` count of `StockLevelChanged`) until the exchange order
 * takes them, or they are released.
 */
import { IsIn, IsUUID } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { Topics } from '../../topics';
import { IsCount, IsId, IsQuantity, IsTimestamp } from '../field-decorators';
import { RESERVATION_RELEASE_REASONS, type ReservationReleaseReason } from '../vocabulary';

abstract class ReplacementPayload extends EventPayload {
  @IsUUID() returnId!: string;
  /** The returned order line the replacement is for. */
  @IsId() lineId!: string;
  @IsId() sku!: string;
  @IsQuantity() quantity!: number;
}

/** Units of the replacement are held for the exchange at one warehouse. */
export class ReplacementReserved extends ReplacementPayload {
  static readonly eventType = 'ReplacementReserved';
  static readonly topic = Topics.inventoryStock;
  @IsId() warehouseId!: string;
  @IsTimestamp() reservedAt!: string;
}

/** No warehouse had the units to hold: the return falls back to the customer's next choice. */
export class ReplacementReservationFailed extends ReplacementPayload {
  static readonly eventType = 'ReplacementReservationFailed';
  static readonly topic = Topics.inventoryStock;
  /** The most any one warehouse could sell when it was tried. */
  @IsCount() sellable!: number;
  @IsTimestamp() checkedAt!: string;
}

/** Held units are on sale again. */
export class ReplacementReleased extends ReplacementPayload {
  static readonly eventType = 'ReplacementReleased';
  static readonly topic = Topics.inventoryStock;
  @IsId() warehouseId!: string;
  @IsIn(RESERVATION_RELEASE_REASONS) reason!: ReservationReleaseReason;
  @IsTimestamp() releasedAt!: string;
}

/** Held units were handed to the exchange order (`ExchangeOrderRequested`) and leave the stock. */
export class ReplacementAllocated extends ReplacementPayload {
  static readonly eventType = 'ReplacementAllocated';
  static readonly topic = Topics.inventoryStock;
  @IsId() warehouseId!: string;
  @IsTimestamp() allocatedAt!: string;
}
