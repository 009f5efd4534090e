/** The events inventory consumes, valid by default, with ids no other test uses. */
import { randomUUID } from 'node:crypto';
import type {
  ExchangeOrderRequested,
  InspectedLine,
  InspectionCompleted,
  LineResolution,
  LineResolutionChanged,
  ParcelPickedUp,
  ReturnApproved,
  ReturnCancelled,
  ReturnExpired,
} from '@rebound/contracts';
import { approvedReturnEvent } from '@rebound/testing';

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

/** A line exchanged for `quantity` units of `sku`. */
export interface ExchangedLine {
  readonly lineId: string;
  readonly sku: string;
  readonly quantity: number;
}

/** An exchange for `quantity` units of `sku`. */
export function exchangeFor(sku: string, quantity = 1): LineResolution {
  return {
    kind: 'exchange',
    replacement: { sku, productId: `product-${sku}`, quantity, unitPriceMinor: 4999 },
  };
}

/** A return approved with each line exchanged as given, and one more line simply refunded. */
export function approvedWithExchanges(returnId: string, exchanges: readonly ExchangedLine[]): ReturnApproved {
  const line = {
    category: 'apparel',
    quantity: 1,
    reasonCode: 'wrong_size',
    unitPriceMinor: 4999,
    restockingFeeMinor: 0,
  };
  return approvedReturnEvent({
    returnId,
    orderId: `order-${returnId}`,
    lines: [
      ...exchanges.map((exchange) => ({
        ...line,
        lineId: exchange.lineId,
        sku: `RETURNED-${exchange.lineId}`,
        resolution: exchangeFor(exchange.sku, exchange.quantity),
        fallbacks: [{ kind: 'refund' as const }],
      })),
      { ...line, lineId: 'refunded', sku: 'RETURNED-refunded', resolution: { kind: 'refund' } },
    ],
  });
}

export function resolutionChanged(returnId: string, lineId: string, resolution: LineResolution): LineResolutionChanged {
  return {
    returnId,
    orderId: `order-${returnId}`,
    lineId,
    resolution,
    fallbacks: [],
    reason: 'replacement_unavailable',
    changedAt: new Date().toISOString(),
  };
}

export function returnCancelled(returnId: string): ReturnCancelled {
  return { returnId, orderId: `order-${returnId}`, cancelledBy: 'customer-1', cancelledAt: new Date().toISOString() };
}

export function returnExpired(returnId: string): ReturnExpired {
  return { returnId, orderId: `order-${returnId}`, reason: 'never collected', expiredAt: new Date().toISOString() };
}

/** The exchange order of a return: each line ships its replacement from the warehouse given. */
export function exchangeOrdered(
  returnId: string,
  lines: readonly (ExchangedLine & { readonly warehouseId: string })[],
): ExchangeOrderRequested {
  return {
    returnId,
    orderId: `order-${returnId}`,
    customerId: 'customer-1',
    instant: true,
    currency: 'EUR',
    lines: lines.map((line) => ({ ...line, productId: `product-${line.sku}`, unitPriceMinor: 4999 })),
    requestedAt: new Date().toISOString(),
  };
}
