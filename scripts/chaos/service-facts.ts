/**
 * What the invariants must know of the services that the scripts may not import from them: the event
 * types each consumer group applies (those of its @HandleEvent handlers — the other types on its
 * topics it skips by design, so only these can be lost on the way to it) and the statuses a return
 * ends in. service-facts.spec.ts keeps both equal to the services' sources.
 */
export const HANDLED_EVENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  'returns-intake': [
    'OrderPlaced',
    'OrderDelivered',
    'ProductPublished',
    'StockLevelChanged',
    'PartnerCoverageChanged',
    'PickupScheduled',
    'LabelIssued',
    'PickupRescheduled',
    'PickupAttemptFailed',
    'PickupCancelled',
    'PickupAbandoned',
    'ParcelPickedUp',
    'ParcelInTransit',
    'ParcelDeliveredToWarehouse',
    'InspectionOpened',
    'InspectionCompleted',
    'RefundIssued',
    'StoreCreditIssued',
    'RefundFailed',
    'RefundRetried',
    'RefundSuperseded',
    'RefundAdjusted',
    'ExchangeSettled',
    'ExchangeDifferenceCollected',
    'ExchangeDifferenceFailed',
    'ExchangeDifferenceRetried',
    'ExchangeChargedBack',
    'ReplacementReserved',
    'ReplacementReservationFailed',
  ],
  'pickup-scheduling': ['ReturnApproved', 'ReturnCancelled', 'TrackingReported'],
  'warehouse-qc': ['ReturnApproved', 'ParcelDeliveredToWarehouse'],
  inventory: [
    'ParcelPickedUp',
    'ParcelDeliveredToWarehouse',
    'InspectionCompleted',
    'ReturnApproved',
    'ReturnCancelled',
    'ReturnExpired',
    'LineResolutionChanged',
    'ExchangeOrderRequested',
  ],
  refunds: [
    'OrderPlaced',
    'OrderDelivered',
    'ReturnApproved',
    'ReturnCancelled',
    'ReturnExpired',
    'PickupAbandoned',
    'InspectionCompleted',
    'LineResolutionChanged',
    'ExchangeOrderRequested',
  ],
  notifications: [
    'ReturnApproved',
    'ReturnRejected',
    'ReturnCancelled',
    'ReturnExpired',
    'ReturnCompleted',
    'ExchangeOrderRequested',
    'LabelIssued',
    'PickupScheduled',
    'PickupRescheduled',
    'PickupAttemptFailed',
    'ParcelPickedUp',
    'ParcelDeliveredToWarehouse',
    'InspectionCompleted',
    'RefundIssued',
    'StoreCreditIssued',
  ],
};

/**
 * The statuses a return ends in (services/returns-intake/src/domain/return-status.ts, ENDED): a run
 * whose returns all reached one left none half-way.
 */
export const FINAL_RETURN_STATUSES: readonly string[] = ['completed', 'rejected', 'cancelled', 'expired'];
