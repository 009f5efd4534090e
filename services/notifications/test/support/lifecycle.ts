/**
 * One return's lifecycle as the other services announce it, event by event: the events a merchant's
 * systems hear of, in the order they happen for a carrier pickup refunded to the original payment.
 */
import { randomUUID } from 'node:crypto';
import {
  ExchangeOrderRequested,
  InspectionCompleted,
  LabelIssued,
  ParcelDeliveredToWarehouse,
  ParcelPickedUp,
  PickupAttemptFailed,
  PickupRescheduled,
  PickupScheduled,
  RefundIssued,
  ReturnApproved,
  ReturnCancelled,
  ReturnCompleted,
  ReturnExpired,
  ReturnRejected,
  StoreCreditIssued,
  type EventClass,
  type EventPayload,
} from '@rebound/contracts';
import { approvedReturnEvent, midnightIn } from '@rebound/testing';

export interface LifecycleStep {
  readonly eventClass: EventClass;
  readonly data: EventPayload;
  /** The public event type it makes. */
  readonly publicType: string;
}

export function returnLifecycle(overrides: Partial<ReturnApproved> = {}): {
  approved: ReturnApproved;
  steps: LifecycleStep[];
} {
  const approved = approvedReturnEvent(overrides);
  const { returnId, orderId } = approved;
  const pickup = { pickupId: randomUUID(), returnId, partnerId: 'parcelpoint' };
  const now = new Date().toISOString();
  const line = approved.lines[0];
  const steps: LifecycleStep[] = [
    { eventClass: ReturnApproved, data: approved, publicType: 'return.approved' },
    {
      eventClass: PickupScheduled,
      data: Object.assign(new PickupScheduled(), {
        ...pickup,
        method: 'carrier_pickup',
        slot: { from: midnightIn(1).toISOString(), to: midnightIn(2).toISOString() },
        attempt: 1,
      }),
      publicType: 'pickup.scheduled',
    },
    {
      eventClass: ParcelPickedUp,
      data: Object.assign(new ParcelPickedUp(), {
        ...pickup,
        trackingNumber: 'PP-123',
        destinationWarehouseId: 'wh-berlin',
        lines: [{ lineId: line.lineId, sku: line.sku, quantity: line.quantity }],
      }),
      publicType: 'parcel.picked_up',
    },
    {
      eventClass: ParcelDeliveredToWarehouse,
      data: Object.assign(new ParcelDeliveredToWarehouse(), { ...pickup, warehouseId: 'wh-berlin' }),
      publicType: 'parcel.received',
    },
    {
      eventClass: InspectionCompleted,
      data: Object.assign(new InspectionCompleted(), {
        inspectionId: randomUUID(),
        returnId,
        warehouseId: 'wh-berlin',
        orderId,
        lines: [
          {
            lineId: line.lineId,
            sku: line.sku,
            expectedQuantity: line.quantity,
            receivedQuantity: line.quantity,
            grade: 'A',
            disposition: 'restock',
            refundableFraction: 1,
            flags: [],
          },
        ],
        completedAt: now,
      }),
      publicType: 'inspection.completed',
    },
    {
      eventClass: RefundIssued,
      data: Object.assign(new RefundIssued(), {
        refundId: randomUUID(),
        returnId,
        orderId,
        currency: 'EUR',
        amountMinor: approved.expectedRefundMinor,
        method: 'original_payment',
        phase: 'final',
      }),
      publicType: 'refund.issued',
    },
    {
      eventClass: ReturnCompleted,
      data: Object.assign(new ReturnCompleted(), {
        returnId,
        orderId,
        currency: 'EUR',
        refundedMinor: approved.expectedRefundMinor,
        completedAt: now,
      }),
      publicType: 'return.completed',
    },
  ];
  return { approved, steps };
}

/**
 * A valid event of every type notifications handles that the lifecycle above does not have, about the
 * same return: the fuzz suite's starting points.
 */
export function otherSteps(approved: ReturnApproved): LifecycleStep[] {
  const { returnId, orderId, customerId } = approved;
  const pickup = { pickupId: randomUUID(), returnId, partnerId: 'parcelpoint' };
  const now = new Date().toISOString();
  const line = approved.lines[0];
  return [
    {
      eventClass: ReturnRejected,
      data: Object.assign(new ReturnRejected(), {
        returnId,
        orderId,
        customerId,
        policyVersion: 1,
        lines: [
          { lineId: line.lineId, reasons: [{ code: 'window-closed', message: 'The return window has closed.' }] },
        ],
        rejectedBy: 'policy',
        rejectedAt: now,
      }),
      publicType: 'return.rejected',
    },
    {
      eventClass: ReturnCancelled,
      data: Object.assign(new ReturnCancelled(), { returnId, orderId, cancelledBy: customerId, cancelledAt: now }),
      publicType: 'return.cancelled',
    },
    {
      eventClass: ReturnExpired,
      data: Object.assign(new ReturnExpired(), { returnId, orderId, reason: 'label expired', expiredAt: now }),
      publicType: 'return.expired',
    },
    {
      eventClass: ExchangeOrderRequested,
      data: Object.assign(new ExchangeOrderRequested(), {
        returnId,
        orderId,
        customerId,
        instant: false,
        currency: 'EUR',
        lines: [
          {
            lineId: line.lineId,
            sku: 'SKU-JACKET-L',
            productId: 'jacket',
            quantity: 1,
            unitPriceMinor: 4999,
            warehouseId: 'wh-berlin',
          },
        ],
        requestedAt: now,
      }),
      publicType: 'exchange.ordered',
    },
    {
      eventClass: LabelIssued,
      data: Object.assign(new LabelIssued(), {
        ...pickup,
        method: 'mail_back',
        trackingNumber: 'PP-456',
        expiresAt: midnightIn(14).toISOString(),
      }),
      publicType: 'label.issued',
    },
    {
      eventClass: PickupRescheduled,
      data: Object.assign(new PickupRescheduled(), {
        ...pickup,
        method: 'carrier_pickup',
        slot: { from: midnightIn(3).toISOString(), to: midnightIn(4).toISOString() },
        attempt: 2,
        reason: 'nobody home',
      }),
      publicType: 'pickup.rescheduled',
    },
    {
      eventClass: PickupAttemptFailed,
      data: Object.assign(new PickupAttemptFailed(), { ...pickup, attempt: 1, reason: 'nobody home' }),
      publicType: 'pickup.failed',
    },
    {
      eventClass: StoreCreditIssued,
      data: Object.assign(new StoreCreditIssued(), {
        refundId: randomUUID(),
        returnId,
        orderId,
        currency: 'EUR',
        amountMinor: 9503,
        bonusMinor: 950,
        phase: 'final',
      }),
      publicType: 'store_credit.issued',
    },
  ];
}
