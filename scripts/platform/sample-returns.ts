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

/** A product as the commerce platform stores it with returns-intake (`PUT /v1/products/{productId}`). */
export interface SampleProduct {
  readonly productId: string;
  readonly title: string;
  readonly category: string;
  readonly size: readonly string[];
  readonly priceMinor: number;
  /** The sku of each size, in the order of `size`. */
  readonly skus: readonly string[];
}

/**
 * The products the exchange samples return and exchange, and the units of each replacement the
 * demo warehouse has for sale: what the offers are made of.
 */
export const SAMPLE_CATALOGUE: readonly SampleProduct[] = [
  {
    productId: 'demo-tee',
    title: 'Organic cotton tee',
    category: 'apparel',
    size: ['S', 'M', 'L', 'XL'],
    priceMinor: 2499,
    skus: ['SKU-TEE-S', 'SKU-TEE-M', 'SKU-TEE-L', 'SKU-TEE-XL'],
  },
  {
    productId: 'demo-runner',
    title: 'Trail runner',
    category: 'shoes',
    size: ['42', '43'],
    priceMinor: 8999,
    skus: ['SKU-RUNNER-42', 'SKU-RUNNER-43'],
  },
  {
    productId: 'demo-runner-pro',
    title: 'Trail runner pro',
    category: 'shoes',
    size: ['42', '43'],
    priceMinor: 10999,
    skus: ['SKU-RUNNER-PRO-42', 'SKU-RUNNER-PRO-43'],
  },
  {
    productId: 'demo-socks',
    title: 'Merino socks',
    category: 'apparel',
    size: ['one size'],
    priceMinor: 699,
    skus: ['SKU-SOCKS'],
  },
];

/** Units put on sale at the demo warehouse before the samples open, so their replacements are in stock. */
export const SAMPLE_STOCK: readonly { readonly sku: string; readonly quantity: number }[] = [
  { sku: 'SKU-TEE-L', quantity: 5 },
  { sku: 'SKU-RUNNER-PRO-42', quantity: 5 },
];

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
      'even-exchange',
      'a tee one size too small, exchanged for the next size up at the same price once inspected: no money moves, so it ships at once',
      { sku: 'SKU-TEE-M', category: 'apparel', unitPriceMinor: 2499 },
      {
        method: 'mail_back',
        lines: oneLine('too_small', { resolution: { kind: 'exchange', replacementSku: 'SKU-TEE-L' } }),
      },
    ),
    sample(
      'paid-exchange',
      'a gold customer trades trail runners for the pro model: ordered at once, shipped once the difference is collected',
      { sku: 'SKU-RUNNER-42', category: 'shoes', unitPriceMinor: 8999 },
      {
        method: 'mail_back',
        lines: oneLine('changed_mind', { resolution: { kind: 'exchange', replacementSku: 'SKU-RUNNER-PRO-42' } }),
      },
      'gold',
    ),
    sample(
      'returnless',
      'socks worth less than sending them back: the customer keeps them and is refunded',
      { sku: 'SKU-SOCKS', category: 'apparel', unitPriceMinor: 699 },
      { method: 'mail_back', lines: oneLine('changed_mind', { resolution: { kind: 'keep' } }) },
    ),
    sample(
      'rejected',
      'a gift card, which the policy does not take back: rejected at once',
      { sku: 'SKU-GIFTCARD-50', category: 'gift-cards', unitPriceMinor: 5000 },
      { method: 'mail_back', lines: oneLine('changed_mind') },
    ),
  ];
}
