/** Orders and return requests for tests: valid by default, each with ids no other test uses. */
import { randomUUID } from 'node:crypto';
import type { IntakeWorld } from './intake-world';
import type { ReturnUnderTest } from './lifecycle-facts';

const DAY = 24 * 60 * 60 * 1000;

export interface TestOrder {
  orderId: string;
  customerId: string;
  loyaltyTier?: string;
  currency: string;
  shippingRegion: string;
  placedAt: string;
  deliveredAt?: string;
  lines: {
    lineId: string;
    sku: string;
    category: string;
    quantity: number;
    unitPriceMinor: number;
    finalSale: boolean;
  }[];
  payments?: { chargeId: string; allocations: { lineId: string; amountMinor: number }[] }[];
}

/** The lines of every test order: two shirts, a phone, a sofa, a gift card, a final-sale scarf. */
export const ORDER_LINES: readonly TestOrder['lines'][number][] = [
  { lineId: 'shirt', sku: 'SKU-SHIRT', category: 'apparel', quantity: 2, unitPriceMinor: 2999, finalSale: false },
  {
    lineId: 'phone',
    sku: 'SKU-PHONE',
    category: 'electronics',
    quantity: 1,
    unitPriceMinor: 49900,
    finalSale: false,
  },
  { lineId: 'sofa', sku: 'SKU-SOFA', category: 'furniture', quantity: 1, unitPriceMinor: 89900, finalSale: false },
  { lineId: 'card', sku: 'SKU-GIFT', category: 'gift-cards', quantity: 1, unitPriceMinor: 5000, finalSale: false },
  { lineId: 'scarf', sku: 'SKU-SCARF', category: 'apparel', quantity: 1, unitPriceMinor: 1999, finalSale: true },
];

/** One card charge that paid every line in full. */
export function paidInFull(lines: TestOrder['lines']): NonNullable<TestOrder['payments']> {
  return [
    {
      chargeId: `ch-${randomUUID()}`,
      allocations: lines
        .filter((line) => line.unitPriceMinor > 0)
        .map((line) => ({ lineId: line.lineId, amountMinor: line.unitPriceMinor * line.quantity })),
    },
  ];
}

/** Delivered `deliveredDaysAgo` days ago to Germany, with ORDER_LINES, paid in full by one charge. */
export function deliveredOrder(overrides: Partial<TestOrder> & { deliveredDaysAgo?: number } = {}): TestOrder {
  const { deliveredDaysAgo = 5, ...rest } = overrides;
  const now = Date.now();
  const order: TestOrder = {
    orderId: `order-${randomUUID()}`,
    customerId: `customer-${randomUUID()}`,
    currency: 'EUR',
    shippingRegion: 'DE',
    placedAt: new Date(now - (deliveredDaysAgo + 3) * DAY).toISOString(),
    deliveredAt: new Date(now - deliveredDaysAgo * DAY).toISOString(),
    lines: ORDER_LINES.map((line) => ({ ...line })),
    ...rest,
  };
  return { ...order, payments: rest.payments ?? paidInFull(order.lines) };
}

/** Written as the world's trusted caller, or as `caller` (the commerce platform's token, say). */
export async function putOrder(
  world: IntakeWorld,
  order: TestOrder,
  caller?: { authorization: string },
): Promise<TestOrder> {
  const { orderId, ...body } = order;
  const answer = await world.http('PUT', `/v1/orders/${encodeURIComponent(orderId)}`, body, caller);
  if (answer.status !== 200) throw new Error(`PUT order failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return order;
}

export const pickup = {
  address: { name: 'Erika Mustermann', line1: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
  window: {
    from: new Date(Date.now() + 2 * DAY).toISOString(),
    to: new Date(Date.now() + 2 * DAY + 4 * 60 * 60 * 1000).toISOString(),
  },
};

export function shirtReturn(order: TestOrder, overrides: Record<string, unknown> = {}) {
  return {
    orderId: order.orderId,
    lines: [{ lineId: 'shirt', quantity: 1, reasonCode: 'wrong_size' }],
    method: 'mail_back',
    ...overrides,
  };
}

/** A return of one shirt for carrier pickup from a new delivered order, opened over HTTP and approved. */
export async function approvedReturn(
  world: IntakeWorld,
  orderOverrides: Partial<TestOrder> = {},
): Promise<ReturnUnderTest> {
  const order = await putOrder(world, deliveredOrder(orderOverrides));
  const created = await world.http('POST', '/v1/returns', shirtReturn(order, { method: 'carrier_pickup', pickup }));
  expect(created.body.status).toBe('approved');
  return { returnId: created.body.returnId, orderId: order.orderId };
}
