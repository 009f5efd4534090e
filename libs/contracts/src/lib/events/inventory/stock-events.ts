import { EventClass } from '../../event-payload';
import {
  ReplacementAllocated,
  ReplacementReleased,
  ReplacementReserved,
  ReplacementReservationFailed,
} from './replacement-events';
import { StockLevelChanged } from './stock-level-changed.event';
import { StockRestocked } from './stock-restocked.event';

/** Every event on `inventory.stock.v1`. */
export const StockEvents = [
  StockRestocked,
  ReplacementReserved,
  ReplacementReservationFailed,
  ReplacementReleased,
  ReplacementAllocated,
] as const satisfies readonly EventClass[];

/** Every event on `inventory.stock-level.v1`. */
export const StockLevelEvents = [StockLevelChanged] as const satisfies readonly EventClass[];
