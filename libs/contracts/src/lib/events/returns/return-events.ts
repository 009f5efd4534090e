import { EventClass } from '../../event-payload';
import { ExchangeOrderRequested } from './exchange-order-requested.event';
import { ExchangeShipmentReleased } from './exchange-shipment-released.event';
import { LineResolutionChanged } from './line-resolution-changed.event';
import { ReturnApproved } from './return-approved.event';
import { ReturnCancelled } from './return-cancelled.event';
import { ReturnCompleted } from './return-completed.event';
import { ReturnExpired } from './return-expired.event';
import { ReturnRejected } from './return-rejected.event';
import { ReturnRequested } from './return-requested.event';

/** Every event on `returns.return.v1`. */
export const ReturnEvents = [
  ReturnRequested,
  ReturnApproved,
  ReturnRejected,
  ReturnCancelled,
  ReturnExpired,
  ReturnCompleted,
  LineResolutionChanged,
  ExchangeOrderRequested,
  ExchangeShipmentReleased,
] as const satisfies readonly EventClass[];
