/** Approvals and inspections for refunds' tests: valid by default, with ids no other test uses. */
import { randomUUID } from 'node:crypto';
import type {
  InspectedLine,
  InspectionCompleted,
  OrderPlaced,
  PickupAbandoned,
  ReturnApproved,
  ReturnCancelled,
  ReturnExpired,
} from '@rebound/contracts';
import { GRADED_REFUNDABLE_FRACTIONS, approvedReturnEvent } from '@rebound/testing';

/** The shared fixtures of exchanged and kept lines, for the unit tests beside the use cases as well. */
export { exchangeOrderRequestedFor, exchangeResolution, withResolutions } from '@rebound/testing';

/**
 * A jacket (2 of 2 ordered, 89.99 each, restocking fee 5.00 on the line) and a scarf (1 of 3 ordered,
 * 19.99), mailed back; return shipping 4.95. Quoted: 179.98 − 5.00 + 19.99 − 4.95 = 190.02.
 */
export function approvedReturn(overrides: Partial<ReturnApproved> = {}): ReturnApproved {
  const orderId = overrides.orderId ?? `order-${randomUUID()}`;
  const charges = (amountMinor: number) => [{ chargeId: chargeOf(orderId), amountMinor }];
  return approvedReturnEvent({
    orderId,
    method: 'mail_back',
    lines: [
      {
        lineId: 'jacket',
        sku: 'SKU-JACKET',
        category: 'apparel',
        quantity: 2,
        orderedQuantity: 2,
        reasonCode: 'wrong_size',
        unitPriceMinor: 8999,
        restockingFeeMinor: 500,
        charges: charges(2 * 8999),
      },
      {
        lineId: 'scarf',
        sku: 'SKU-SCARF',
        category: 'apparel',
        quantity: 1,
        orderedQuantity: 3,
        reasonCode: 'changed_mind',
        unitPriceMinor: 1999,
        restockingFeeMinor: 0,
        charges: charges(3 * 1999),
      },
    ],
    fees: { restockingFeeMinor: 500, returnShippingFeeMinor: 495 },
    refundableFractions: GRADED_REFUNDABLE_FRACTIONS,
    storeCreditBonusPercent: 10,
    expectedRefundMinor: 19002,
    ...overrides,
  });
}

/** `approvedReturn`'s jackets paid by a card and its scarf by a gift card: two charges, each for one line. */
export function paidByCardAndGiftCard(overrides: Partial<ReturnApproved> = {}): {
  approved: ReturnApproved;
  card: string;
  gift: string;
} {
  const approved = approvedReturn(overrides);
  const [jacket, scarf] = approved.lines;
  const card = `card-${approved.returnId}`;
  const gift = `gift-${approved.returnId}`;
  return {
    approved: {
      ...approved,
      lines: [
        { ...jacket, charges: [{ chargeId: card, amountMinor: 2 * 8999 }] },
        { ...scarf, charges: [{ chargeId: gift, amountMinor: 3 * 1999 }] },
      ],
    },
    card,
    gift,
  };
}

/** The one charge that paid for the lines of `approvedReturn`'s order: what the sandbox is scripted and asked by. */
export function chargeOf(orderId: string): string {
  return `charge-${orderId}`;
}

/** Every line of the approval received as declared, graded as `grades` says (A by default). */
export function inspectionOf(
  approved: ReturnApproved,
  grades: Record<string, { grade: string; fraction: number; received?: number }> = {},
): InspectionCompleted {
  return {
    inspectionId: randomUUID(),
    returnId: approved.returnId,
    orderId: approved.orderId,
    warehouseId: 'wh-berlin',
    lines: approved.lines.map((line): InspectedLine => {
      const graded = grades[line.lineId] ?? { grade: 'A', fraction: 1 };
      return {
        lineId: line.lineId,
        sku: line.sku,
        expectedQuantity: line.quantity,
        receivedQuantity: graded.received ?? line.quantity,
        grade: graded.grade,
        disposition: graded.fraction === 1 ? 'restock' : 'refurbish',
        refundableFraction: graded.fraction,
        flags: [],
      };
    }),
    completedAt: new Date().toISOString(),
  };
}

/** The customer cancelled the approved return. */
export function cancellationOf(approved: ReturnApproved): ReturnCancelled {
  return {
    returnId: approved.returnId,
    orderId: approved.orderId,
    cancelledBy: approved.customerId,
    cancelledAt: new Date().toISOString(),
  };
}

/** No parcel came within the label's validity. */
export function expiryOf(approved: ReturnApproved): ReturnExpired {
  return {
    returnId: approved.returnId,
    orderId: approved.orderId,
    reason: 'no parcel within 14 days',
    expiredAt: new Date().toISOString(),
  };
}

/** Every pickup attempt failed. */
export function abandonmentOf(approved: ReturnApproved): PickupAbandoned {
  return {
    pickupId: randomUUID(),
    returnId: approved.returnId,
    reason: 'attempts_exhausted',
    detail: 'three pickup attempts failed',
    attempts: 3,
  };
}

/** The order behind an approval as the commerce platform placed it: one charge captured every line in full. */
export function orderOf(approved: ReturnApproved): OrderPlaced {
  const lines = approved.lines.map((line) => ({
    lineId: line.lineId,
    sku: line.sku,
    category: line.category,
    quantity: line.orderedQuantity ?? line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    finalSale: false,
  }));
  return {
    orderId: approved.orderId,
    customerId: approved.customerId,
    currency: approved.currency,
    shippingRegion: approved.shippingRegion,
    placedAt: new Date().toISOString(),
    lines,
    payments: [
      {
        chargeId: chargeOf(approved.orderId),
        allocations: lines.map((line) => ({ lineId: line.lineId, amountMinor: line.unitPriceMinor * line.quantity })),
      },
    ],
  };
}
