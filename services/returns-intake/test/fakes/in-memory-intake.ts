/**
 * One in-memory IntakeTransaction for a use case's unit test: every store, a RecordingEventSink and a
 * frozen TestClock, plus the little world most tests start from (a delivered order, the demo policy,
 * a partner that collects everywhere in Germany).
 */
import { randomUUID } from 'node:crypto';
import type { PartnerCoverage } from '@rebound/contracts';
import { RecordingEventSink, TestClock } from '@rebound/kernel/testing';
import type { IntakeTransaction } from '../../src/domain/ports';
import type { ProductSnapshot } from '../../src/domain/catalogue';
import type { Order } from '../../src/domain/order';
import type { ReturnRequest } from '../../src/domain/return-request';
import type { ReturnStatus } from '../../src/domain/return-status';
import { parsePolicyDocument } from '../../src/domain/policy/policy-document';
import demoPolicy from '../../policy/default-policy.json';
import { ORDER_LINES } from '../support/orders';
import { InMemoryExchangeHistory } from './in-memory-exchange-history';
import {
  InMemoryCatalogueStore,
  InMemoryIdempotencyKeys,
  InMemoryOrdersStore,
  InMemoryPartnerCoverageStore,
  InMemoryPolicyStore,
  InMemoryReturnsStore,
} from './in-memory-stores';

const DAY = 24 * 60 * 60 * 1000;

export class InMemoryIntake {
  readonly clock = new TestClock(new Date('2026-06-30T12:00:00Z'));
  readonly events = new RecordingEventSink();
  readonly returns = new InMemoryReturnsStore();
  readonly orders = new InMemoryOrdersStore(this.returns);
  readonly coverage = new InMemoryPartnerCoverageStore();
  readonly catalogue = new InMemoryCatalogueStore();
  readonly exchanges = new InMemoryExchangeHistory();
  readonly policies = new InMemoryPolicyStore(() => this.clock.now());
  readonly idempotencyKeys = new InMemoryIdempotencyKeys();
  readonly tx: IntakeTransaction = {
    orders: this.orders,
    coverage: this.coverage,
    catalogue: this.catalogue,
    exchanges: this.exchanges,
    policies: this.policies,
    idempotencyKeys: this.idempotencyKeys,
    returns: this.returns,
    events: this.events,
  };

  /** The demo policy as version 1, loaded from the file. */
  async withDemoPolicy(): Promise<this> {
    await this.policies.append({
      document: parsePolicyDocument(demoPolicy),
      checksum: 'demo',
      source: 'file',
      createdBy: 'policy-file',
      createdByClient: null,
      note: null,
    });
    return this;
  }

  /** A partner that offers every method anywhere in Germany, all day. */
  async withPartnerInGermany(overrides: Partial<PartnerCoverage> = {}): Promise<this> {
    await this.coverage.save({
      partnerId: 'partner-de',
      serviceAreas: [{ country: 'DE', postalPrefixes: [] }],
      capabilities: ['carrier_pickup', 'curbside_pickup', 'in_store_dropoff', 'mail_back'],
      slotWindows: [{ start: '00:00', end: '24:00', capacity: 100 }],
      horizonDays: 14,
      ...overrides,
      active: true,
      changedAt: new Date(0),
    });
    return this;
  }

  /** The product, published now, with `sellable` units of each variant at warehouse wh-1. */
  async withProduct(product: Omit<ProductSnapshot, 'publishedAt' | 'recordedBy'>, sellable = 4): Promise<this> {
    await this.catalogue.saveProduct({ ...product, publishedAt: this.clock.now(), recordedBy: null });
    for (const { sku } of product.variants) {
      await this.catalogue.saveStockLevel({
        sku,
        warehouseId: 'wh-1',
        sellable,
        version: 1,
        changedAt: this.clock.now(),
      });
    }
    return this;
  }

  /** An order delivered ten days ago to customer-1 in Germany, with the test lines. */
  async withOrder(overrides: Partial<Order> = {}): Promise<Order> {
    const now = this.clock.now().getTime();
    const order: Order = {
      orderId: 'order-1',
      customerId: 'customer-1',
      loyaltyTier: null,
      currency: 'EUR',
      shippingRegion: 'DE',
      placedAt: new Date(now - 20 * DAY),
      deliveredAt: new Date(now - 10 * DAY),
      lines: [...ORDER_LINES],
      payments: [
        { chargeId: 'ch-1', allocations: ORDER_LINES.map((line) => ({ lineId: line.lineId, amountMinor: 1 })) },
      ],
      ...overrides,
    };
    await this.orders.save(order);
    return order;
  }
}

/** The order's shirt (SKU-SHIRT) is a size M of this product; L costs €5 more, S €5 less. */
export const SHIRT_PRODUCT: Omit<ProductSnapshot, 'publishedAt' | 'recordedBy'> = {
  productId: 'oxford-shirt',
  title: 'Oxford Shirt',
  category: 'apparel',
  options: [{ name: 'size', values: ['S', 'M', 'L', 'XL'] }],
  variants: (
    [
      ['SKU-SHIRT-S', 'S', 2499],
      ['SKU-SHIRT', 'M', 2999],
      ['SKU-SHIRT-L', 'L', 3499],
      ['SKU-SHIRT-XL', 'XL', 9999],
    ] as const
  ).map(([sku, size, priceMinor]) => ({ sku, optionValues: { size }, priceMinor, currency: 'EUR', active: true })),
  version: 1,
};

/** A return of one shirt from order-1, stored as it stands in `status` (no decision, no timeline). */
export async function storedReturn(
  intake: InMemoryIntake,
  status: ReturnStatus,
  overrides: Partial<ReturnRequest> = {},
): Promise<ReturnRequest> {
  const request: ReturnRequest = {
    ...returnOf({ orderId: 'order-1', customerId: 'customer-1' }, 1, status, intake.clock.now()),
    returnId: `return-${intake.returns.rows.size + 1}`,
    ...overrides,
  };
  await intake.returns.insert(request);
  return request;
}

/** A return of one shirt from `order` (which must be stored), in `status`. */
export function returnOf(
  order: Pick<Order, 'orderId' | 'customerId'>,
  policyVersion: number,
  status: ReturnStatus,
  at = new Date(),
): ReturnRequest {
  return {
    returnId: randomUUID(),
    orderId: order.orderId,
    customerId: order.customerId,
    status,
    method: 'mail_back',
    refundMethod: 'original_payment',
    pickup: null,
    currency: 'EUR',
    policyVersion,
    expectedRefundMinor: 2504,
    instantExchange: false,
    exchangeRequestedAt: null,
    exchangeReleasedAt: null,
    createdAt: at,
    updatedAt: at,
    lines: [
      {
        lineId: 'shirt',
        sku: 'SKU-SHIRT',
        category: 'apparel',
        quantity: 1,
        unitPriceMinor: 2999,
        reasonCode: 'wrong_size',
        comment: null,
        photoUrls: [],
        restockingFeeMinor: 0,
        resolution: null,
        fallbacks: [],
        warehouseId: null,
      },
    ],
  };
}
