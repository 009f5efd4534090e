/** Bookings as pickup-scheduling sends them, and a simulator that does nothing unexpected, for the simulator's tests. */
import { randomUUID } from 'node:crypto';
import { PickupBooked, isPickupMethod } from '@rebound/contracts';
import { PlanSettings } from '../tracking-plan';

/** No waits, no failures, no duplicates, nothing out of order. */
export const calm: Omit<PlanSettings, 'partnerId'> = {
  minDelayMs: 0,
  maxDelayMs: 0,
  failureRate: 0,
  maxFailedAttempts: Number.POSITIVE_INFINITY,
  duplicateRate: 0,
  reorderRate: 0,
};

/** What a partner reports for a pickup attempt that succeeds. */
export const SUCCESSFUL_PICKUP = ['out_for_pickup', 'picked_up', 'in_transit', 'delivered_to_warehouse'];

export function pickupBooked(overrides: Partial<PickupBooked> = {}): PickupBooked {
  const method = overrides.method ?? 'carrier_pickup';
  const slotOrLabel = isPickupMethod(method)
    ? {
        slot: { from: '2030-03-04T08:00:00.000Z', to: '2030-03-04T12:00:00.000Z' },
        address: { name: 'Ada Lovelace', line1: 'Main St 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      }
    : { expiresAt: '2030-03-18T00:00:00.000Z', ...(method === 'in_store_dropoff' && { dropOffCode: 'DROP-4711' }) };
  return {
    pickupId: randomUUID(),
    returnId: randomUUID(),
    method,
    attempt: 1,
    ...slotOrLabel,
    trackingNumber: 'TRK-000123',
    destinationWarehouseId: 'wh-berlin',
    lines: [{ lineId: 'line-1', sku: 'SKU-RED-M', quantity: 1 }],
    ...overrides,
  };
}
