/** Approved returns and their arrivals for tests: valid by default, with ids no other test uses. */
import { randomUUID } from 'node:crypto';
import { GRADED_REFUNDABLE_FRACTIONS, approvedLine, approvedReturnEvent } from '@rebound/testing';
import type { ParcelDeliveredToWarehouse, ReturnApproved } from '@rebound/contracts';

/** Mailed back: a jacket (apparel, 2 units) and a phone (electronics, 1 unit). */
export function approvedReturn(overrides: Partial<ReturnApproved> = {}): ReturnApproved {
  return approvedReturnEvent({
    method: 'mail_back',
    lines: [
      approvedLine({ lineId: 'jacket' }),
      approvedLine({
        lineId: 'phone',
        sku: 'SKU-PHONE',
        category: 'electronics',
        quantity: 1,
        reasonCode: 'defective',
        unitPriceMinor: 49900,
      }),
    ],
    fees: { restockingFeeMinor: 0, returnShippingFeeMinor: 0 },
    refundableFractions: GRADED_REFUNDABLE_FRACTIONS,
    storeCreditBonusPercent: 0,
    expectedRefundMinor: 59898,
    ...overrides,
  });
}

/** Lines the customer keeps or exchanges: `withResolutions(approvedReturn(), { phone: { kind: 'keep' } })`. */
export { withResolutions } from '@rebound/testing';

export function arrival(approved: ReturnApproved, warehouseId = 'wh-berlin'): ParcelDeliveredToWarehouse {
  return { pickupId: randomUUID(), returnId: approved.returnId, partnerId: 'swiftback', warehouseId };
}

/** A clean finding for a line: everything received, grade A, every checklist question "yes". */
export function allGood(receivedQuantity: number, checklist: Record<string, boolean>) {
  return { receivedQuantity, grade: 'A', checklist };
}

export const APPAREL_CHECKLIST = { tags_attached: true, original_packaging: true };
export const ELECTRONICS_CHECKLIST = { serial_matches: true, original_packaging: true };
