export * from './lib/topics';
export * from './lib/services';
export * from './lib/envelope';
export * from './lib/event-payload';
export * from './lib/validation/field-expectation';
export * from './lib/validation/validate-plain';
export * from './lib/invalid-event.error';
export * from './lib/decode-event';
export * from './lib/actor';
export * from './lib/money';
export * from './lib/permissions';

export * from './lib/events/vocabulary';
export * from './lib/events/field-decorators';
export * from './lib/events/product-line';
export * from './lib/events/time-window';

export * from './lib/events/commerce/order-line';
export * from './lib/events/commerce/order-payment';
export * from './lib/events/commerce/order-snapshot';
export * from './lib/events/commerce/order-placed.event';
export * from './lib/events/commerce/order-delivered.event';
export * from './lib/events/commerce/order-events';
export * from './lib/events/commerce/product-snapshot';
export * from './lib/events/commerce/product-published.event';
export * from './lib/events/commerce/product-events';

export * from './lib/events/returns/return-payload';
export * from './lib/events/returns/return-line';
export * from './lib/events/returns/line-charge';
export * from './lib/events/returns/approved-return-line';
export * from './lib/events/returns/address';
export * from './lib/events/returns/pickup-request';
export * from './lib/events/returns/return-fees';
export * from './lib/events/returns/refundable-fraction';
export * from './lib/events/returns/rejection-reason';
export * from './lib/events/returns/rejected-line';
export * from './lib/events/returns/return-requested.event';
export * from './lib/events/returns/return-approved.event';
export * from './lib/events/returns/return-rejected.event';
export * from './lib/events/returns/return-cancelled.event';
export * from './lib/events/returns/return-expired.event';
export * from './lib/events/returns/return-completed.event';
export * from './lib/events/returns/return-events';

export * from './lib/events/pickups/pickup-payload';
export * from './lib/events/pickups/parcel-line';
export * from './lib/events/pickups/pickup-scheduled.event';
export * from './lib/events/pickups/label-issued.event';
export * from './lib/events/pickups/pickup-attempt-failed.event';
export * from './lib/events/pickups/pickup-cancelled.event';
export * from './lib/events/pickups/pickup-abandoned.event';
export * from './lib/events/pickups/pickup-rescheduled.event';
export * from './lib/events/pickups/parcel-picked-up.event';
export * from './lib/events/pickups/parcel-in-transit.event';
export * from './lib/events/pickups/parcel-delivered-to-warehouse.event';
export * from './lib/events/pickups/pickup-events';
export * from './lib/events/pickups/partner-coverage';
export * from './lib/events/pickups/partner-coverage-changed.event';

export * from './lib/events/partners/pickup-booked.event';
export * from './lib/events/partners/pickup-booking-cancelled.event';
export * from './lib/events/partners/tracking-reported.event';
export * from './lib/events/partners/partner-events';

export * from './lib/events/warehouse/inspection-payload';
export * from './lib/events/warehouse/expected-line';
export * from './lib/events/warehouse/inspected-line';
export * from './lib/events/warehouse/inspection-opened.event';
export * from './lib/events/warehouse/inspection-completed.event';
export * from './lib/events/warehouse/inspection-events';

export * from './lib/events/inventory/restocked-line';
export * from './lib/events/inventory/stock-restocked.event';
export * from './lib/events/inventory/stock-level-changed.event';
export * from './lib/events/inventory/stock-events';

export * from './lib/events/refunds/refund-payload';
export * from './lib/events/refunds/refunded-charge';
export * from './lib/events/refunds/refund-issued.event';
export * from './lib/events/refunds/store-credit-issued.event';
export * from './lib/events/refunds/refund-failed.event';
export * from './lib/events/refunds/refund-adjusted.event';
export * from './lib/events/refunds/refund-retried.event';
export * from './lib/events/refunds/refund-superseded.event';
export * from './lib/events/refunds/refund-cancelled.event';
export * from './lib/events/refunds/refund-reversed.event';
export * from './lib/events/refunds/clawback-collected.event';
export * from './lib/events/refunds/clawback-failed.event';
export * from './lib/events/refunds/clawback-retried.event';
export * from './lib/events/refunds/refund-events';
export * from './lib/events/refunds/store-credit-balance-changed.event';
export * from './lib/events/refunds/store-credit-events';

export * from './lib/events/catalogued-events';
