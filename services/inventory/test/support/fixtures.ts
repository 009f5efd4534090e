/** The parcel facts inventory consumes, valid by default, with ids no other test uses. */
import { randomUUID } from 'node:crypto';
import type { InspectedLine, InspectionCompleted, ParcelPickedUp } from '@rebound/contracts';

/** A sku no other test touches, so levels and ledgers start empty. */
export function freshSku(name = 'JKT'): string {
  return `${name}-${randomUUID().slice(0, 8)}`;
}

export function pickedUp(
  returnId: string,
  warehouseId: string,
  lines: readonly { lineId: string; sku: string; quantity: number }[],
): ParcelPickedUp {
  return {
    pickupId: randomUUID(),
    returnId,
    partnerId: 'swiftback',
    trackingNumber: `RB${randomUUID().slice(0, 10)}`,
    destinationWarehouseId: warehouseId,
    lines: lines.map((line) => ({ ...line })),
  };
}

export function inspectedLine(overrides: Partial<InspectedLine> & Pick<InspectedLine, 'sku'>): InspectedLine {
  return {
    lineId: `line-${randomUUID().slice(0, 8)}`,
    expectedQuantity: 1,
    receivedQuantity: 1,
    grade: 'A',
    disposition: 'restock',
    refundableFraction: 1,
    flags: [],
    ...overrides,
  };
}

export function inspectionCompleted(
  returnId: string,
  warehouseId: string,
  lines: readonly InspectedLine[],
): InspectionCompleted {
  return {
    inspectionId: randomUUID(),
    returnId,
    warehouseId,
    orderId: `order-${randomUUID().slice(0, 8)}`,
    lines: lines.map((line) => ({ ...line })),
    completedAt: new Date().toISOString(),
  };
}
