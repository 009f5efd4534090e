/**
 * One return's lifecycle as the other services announce it, event by event: the events a merchant's
 * systems hear of, in the order they happen for a carrier pickup refunded to the original payment.
 */
import { randomUUID } from 'node:crypto';
import {
  InspectionCompleted,
  ParcelDeliveredToWarehouse,
  ParcelPickedUp,
  PickupScheduled,
  RefundIssued,
  ReturnApproved,
  ReturnCompleted,
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
