/**
 * Every event class of the contracts, topic by topic: what the AsyncAPI document describes and the
 * contract tests walk. A test keeps it equal to the exported event classes.
 */
import { EventClass } from '../event-payload';
import { OrderEvents } from './commerce/order-events';
import { ProductEvents } from './commerce/product-events';
import { StockEvents, StockLevelEvents } from './inventory/stock-events';
import { PartnerBookingEvents, PartnerTrackingEvents } from './partners/partner-events';
import { PartnerCoverageEvents } from './pickups/partner-coverage-changed.event';
import { PickupEvents } from './pickups/pickup-events';
import { RefundEvents } from './refunds/refund-events';
import { StoreCreditEvents } from './refunds/store-credit-events';
import { ReturnEvents } from './returns/return-events';
import { InspectionEvents } from './warehouse/inspection-events';

export const CataloguedEvents: readonly EventClass[] = [
  ...OrderEvents,
  ...ProductEvents,
  ...ReturnEvents,
  ...PickupEvents,
  ...PartnerCoverageEvents,
  ...InspectionEvents,
  ...StockEvents,
  ...StockLevelEvents,
  ...RefundEvents,
  ...StoreCreditEvents,
  ...PartnerBookingEvents,
  ...PartnerTrackingEvents,
];
