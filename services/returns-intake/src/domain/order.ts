/** The order read model as the eligibility check sees it: what was bought, at what price, delivered when. */

export interface OrderLine {
  readonly lineId: string;
  readonly sku: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  readonly finalSale: boolean;
}

/** A charge the payment provider captured for the order, and what of it paid for each line. */
export interface OrderPayment {
  readonly chargeId: string;
  readonly allocations: readonly { readonly lineId: string; readonly amountMinor: number }[];
}

export interface Order {
  readonly orderId: string;
  readonly customerId: string;
  readonly loyaltyTier: string | null;
  readonly currency: string;
  readonly shippingRegion: string;
  readonly placedAt: Date;
  readonly deliveredAt: Date | null;
  readonly lines: readonly OrderLine[];
  /** Empty when the commerce platform did not say: then only store credit can refund it. */
  readonly payments: readonly OrderPayment[];
}

export function orderValueMinor(order: Order): number {
  return order.lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
}

/** The order as the commerce platform sends it (event or REST body), with ISO timestamps. */
export interface OrderSnapshotInput {
  readonly orderId: string;
  readonly customerId: string;
  readonly loyaltyTier?: string;
  readonly currency: string;
  readonly shippingRegion: string;
  readonly placedAt: string;
  readonly deliveredAt?: string;
  readonly lines: readonly OrderLine[];
  readonly payments?: readonly OrderPayment[];
}

/** The charges that paid for a line, in the order's order, with what each paid for it. */
export function chargesOfLine(order: Order, lineId: string): { chargeId: string; amountMinor: number }[] {
  return order.payments.flatMap((payment) =>
    payment.allocations
      .filter((allocation) => allocation.lineId === lineId)
      .map((allocation) => ({ chargeId: payment.chargeId, amountMinor: allocation.amountMinor })),
  );
}

export function orderFromSnapshot(snapshot: OrderSnapshotInput): Order {
  return {
    orderId: snapshot.orderId,
    customerId: snapshot.customerId,
    loyaltyTier: snapshot.loyaltyTier ?? null,
    currency: snapshot.currency,
    shippingRegion: snapshot.shippingRegion,
    placedAt: new Date(snapshot.placedAt),
    deliveredAt: snapshot.deliveredAt ? new Date(snapshot.deliveredAt) : null,
    lines: snapshot.lines.map(({ lineId, sku, category, quantity, unitPriceMinor, finalSale }) => ({
      lineId,
      sku,
      category,
      quantity,
      unitPriceMinor,
      finalSale,
    })),
    payments: (snapshot.payments ?? []).map(({ chargeId, allocations }) => ({
      chargeId,
      allocations: allocations.map(({ lineId, amountMinor }) => ({ lineId, amountMinor })),
    })),
  };
}
