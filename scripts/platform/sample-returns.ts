/**
 * The demo's sample returns: the orders they come from and the requests that open them, each built
 * to take one path through the lifecycle. Order and customer ids carry a run tag, so every run of
 * the bring-up opens new returns next to those of earlier runs.
 */
import type { OrderLine, OrderPayment } from '@rebound/contracts';

export interface SampleOrder {
  readonly customerId: string;
  readonly loyaltyTier?: string;
  readonly currency: string;
  readonly shippingRegion: string;
  readonly placedAt: string;
  readonly deliveredAt: string;
  readonly lines: readonly OrderLine[];
  /** The card charge that paid the order: what a refund to the original payment method is paid against. */
  readonly payments: readonly OrderPayment[];
}

export interface SampleReturn {
  /** Short name, in progress lines. */
  readonly key: string;
  /** What the sample shows. */
  readonly story: string;
  readonly orderId: string;
  readonly order: SampleOrder;
  /** The body of `POST /v1/returns`. */
  readonly request: Record<string, unknown>;
}

/** Who grades what, for the demo auto-inspector: the C-graded samples' skus; the rest get A. */
export const SAMPLE_GRADES = { defaultGrade: 'A', skuGrades: { 'SKU-HEADPHONES': 'C', 'SKU-SNEAKERS-42': 'C' } };

/** The warehouse every demo partner delivers to (services/pickup-scheduling/partners/demo-partners.json). */
export const DEMO_WAREHOUSE = 'wh-berlin';

const DAY_MS = 86_400_000;

export function sampleReturns(runTag: string, now: Date): SampleReturn[] {
  const deliveredAt = new Date(now.getTime() - 5 * DAY_MS).toISOString();
  const placedAt = new Date(now.getTime() - 8 * DAY_MS).toISOString();
  const tomorrow = new Date(Math.ceil(now.getTime() / DAY_MS) * DAY_MS);
  const pickup = (postalCode: string, city: string) => ({
    address: { name: 'Alex Example', line1: 'Beispielstraße 1', postalCode, city, country: 'DE' },
    window: { from: tomorrow.toISOString(), to: new Date(tomorrow.getTime() + 7 * DAY_MS).toISOString() },
  });
  const sample = (
    key: string,
    story: string,
    line: { sku: string; category: string; unitPriceMinor: number },
    request: Record<string, unknown>,
    loyaltyTier?: string,
  ): SampleReturn => {
    const orderId = `demo-${runTag}-${key}`;
    return {
      key,
      story,
      orderId,
      order: {
        customerId: `customer-${runTag}-${key}`,
        ...(loyaltyTier && { loyaltyTier }),
        currency: 'EUR',
        shippingRegion: 'DE',
        placedAt,
        deliveredAt,
        lines: [{ lineId: 'line-1', quantity: 1, finalSale: false, ...line }],
        payments: [
          { chargeId: `ch-${orderId}`, allocations: [{ lineId: 'line-1', amountMinor: line.unitPriceMinor }] },
        ],
      },
      request: { orderId, ...request },
    };
  };
  const oneLine = (reasonCode: string, extra: Record<string, unknown> = {}) => [
    { lineId: 'line-1', quantity: 1, reasonCode, ...extra },
  ];
  return [
    sample(
      'mail-back',
      'a jacket sent back by mail: graded A, restocked, refunded to the card less fees',
      { sku: 'SKU-JACKET-M', category: 'apparel', unitPriceMinor: 4999 },
      { method: 'mail_back', lines: oneLine('changed_mind') },
    ),
    sample(
      'failed-pickup',
      'a carrier pickup in Berlin: the first attempt fails, the pickup is rescheduled and collected',
      { sku: 'SKU-BOOTS-43', category: 'footwear', unitPriceMinor: 8999 },
      { method: 'carrier_pickup', lines: oneLine('wrong_size'), pickup: pickup('10115', 'Berlin') },
    ),
    sample(
      'c-grade',
      'defective headphones graded C: half of the price refunded, the unit sent to refurbishment',
      { sku: 'SKU-HEADPHONES', category: 'electronics', unitPriceMinor: 19999 },
      {
        method: 'carrier_pickup',
        lines: oneLine('defective', { comment: 'The left ear cup stays silent.' }),
        pickup: pickup('80331', 'München'),
      },
    ),
    sample(
      'store-credit',
      'a dress dropped off at a store, refunded as store credit with a 10% bonus',
      { sku: 'SKU-DRESS-S', category: 'apparel', unitPriceMinor: 5999 },
      { method: 'in_store_dropoff', refundMethod: 'store_credit', lines: oneLine('wrong_size') },
    ),
    sample(
      'instant-clawback',
      'a gold customer refunded at approval; inspection grades C and half is clawed back',
      { sku: 'SKU-SNEAKERS-42', category: 'footwear', unitPriceMinor: 12999 },
      { method: 'mail_back', lines: oneLine('changed_mind') },
      'gold',
    ),
    sample(
      'rejected',
      'a gift card, which the policy does not take back: rejected at once',
      { sku: 'SKU-GIFTCARD-50', category: 'gift-cards', unitPriceMinor: 5000 },
      { method: 'mail_back', lines: oneLine('changed_mind') },
    ),
  ];
}
