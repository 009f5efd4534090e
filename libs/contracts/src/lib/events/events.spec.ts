import { randomUUID } from 'node:crypto';
import * as contracts from '../../index';
import {
  CataloguedEvents,
  EventClass,
  InspectionCompleted,
  InspectionEvents,
  InvalidEventError,
  OrderDelivered,
  OrderEvents,
  OrderLine,
  OrderPayment,
  PartnerBookingEvents,
  PartnerTopics,
  PartnerTrackingEvents,
  PickupEvents,
  ProductEvents,
  ProductPublished,
  RefundEvents,
  ReturnApproved,
  ReturnEvents,
  StockEvents,
  StockLevelEvents,
  StoreCreditEvents,
  Topics,
  TrackingReported,
  isTopicFamily,
  decodeEvent,
  encodeEvent,
} from '../../index';

function decode(eventClass: EventClass, data: unknown) {
  const { value, headers } = encodeEvent({
    id: randomUUID(),
    type: eventClass.eventType,
    source: '/rebound/test',
    subject: randomUUID(),
    time: new Date('2026-11-26T10:00:00.000Z'),
    data,
  });
  const topic = isTopicFamily(eventClass.topic) ? eventClass.topic.nameFor('acme-logistics') : eventClass.topic.name;
  return decodeEvent(topic, value, headers, CataloguedEvents);
}

function violationsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidEventError && error.reason === 'invalid-payload') return error.violations;
    throw error;
  }
  throw new Error('expected an invalid-payload InvalidEventError');
}

function orderDelivered() {
  return {
    orderId: 'ord-1001',
    customerId: 'cus-42',
    loyaltyTier: 'gold',
    currency: 'EUR',
    shippingRegion: 'DE',
    placedAt: '2026-11-20T09:15:00Z',
    deliveredAt: '2026-11-22T14:03:00Z',
    lines: [
      { lineId: 'l1', sku: 'SHOE-42', category: 'footwear', quantity: 1, unitPriceMinor: 8999, finalSale: false },
      { lineId: 'l2', sku: 'SOCK-3', category: 'socks', quantity: 3, unitPriceMinor: 499, finalSale: true },
    ],
    payments: [
      { chargeId: 'ch_card', allocations: [{ lineId: 'l1', amountMinor: 8999 }] },
      { chargeId: 'ch_gift', allocations: [{ lineId: 'l2', amountMinor: 1497 }] },
    ],
  };
}

function productPublished() {
  return {
    productId: 'prod-tee',
    title: 'Organic tee',
    category: 'apparel',
    options: [
      { name: 'size', values: ['S', 'M', 'L'] },
      { name: 'colour', values: ['white', 'navy'] },
    ],
    variants: [
      {
        sku: 'TEE-M-WHITE',
        optionValues: { size: 'M', colour: 'white' },
        priceMinor: 2499,
        currency: 'EUR',
        active: true,
      },
      {
        sku: 'TEE-L-NAVY',
        optionValues: { size: 'L', colour: 'navy' },
        priceMinor: 2499,
        currency: 'EUR',
        active: false,
      },
    ],
    version: 3,
    publishedAt: '2026-11-20T09:15:00Z',
  };
}

function returnApprovedWithPickup() {
  return {
    returnId: randomUUID(),
    orderId: 'ord-1001',
    customerId: 'cus-42',
    loyaltyTier: 'gold',
    policyVersion: 3,
    currency: 'EUR',
    shippingRegion: 'DE',
    method: 'carrier_pickup',
    refundMethod: 'original_payment',
    maxPickupAttempts: 3,
    labelValidityDays: 14,
    pickup: {
      address: { name: 'Ada Weber', line1: 'Hauptstr. 5', postalCode: '10115', city: 'Berlin', country: 'DE' },
      window: { from: '2026-11-27T08:00:00Z', to: '2026-11-27T12:00:00Z' },
    },
    lines: [
      {
        lineId: 'l1',
        sku: 'SHOE-42',
        category: 'footwear',
        quantity: 1,
        unitPriceMinor: 8999,
        reasonCode: 'too_small',
        restockingFeeMinor: 500,
      },
    ],
    fees: { restockingFeeMinor: 500, returnShippingFeeMinor: 0 },
    refundableFractions: [
      { grade: 'A', fraction: 1 },
      { grade: 'B', fraction: 0.7 },
    ],
    instantRefund: false,
    storeCreditBonusPercent: 0,
    expectedRefundMinor: 8499,
    approvedBy: 'policy',
    approvedAt: '2026-11-26T10:00:00.000Z',
  };
}

function trackingReported() {
  return {
    pickupId: randomUUID(),
    status: 'delivered_to_warehouse',
    occurredAt: '2026-11-28T15:10:00Z',
    warehouseId: 'wh-berlin',
  };
}

function inspectionCompleted() {
  return {
    inspectionId: randomUUID(),
    returnId: randomUUID(),
    orderId: 'ord-1001',
    warehouseId: 'wh-berlin',
    lines: [
      {
        lineId: 'l1',
        sku: 'SHOE-42',
        expectedQuantity: 1,
        receivedQuantity: 1,
        grade: 'B',
        disposition: 'refurbish',
        refundableFraction: 0.7,
        flags: [],
      },
    ],
    completedAt: '2026-12-01T16:30:00Z',
  };
}

describe('event payload classes', () => {
  it.each([
    ['OrderEvents', OrderEvents, Topics.commerceOrder],
    ['ProductEvents', ProductEvents, Topics.commerceProduct],
    ['ReturnEvents', ReturnEvents, Topics.returnsReturn],
    ['PickupEvents', PickupEvents, Topics.pickupsPickup],
    ['InspectionEvents', InspectionEvents, Topics.warehouseInspection],
    ['StockEvents', StockEvents, Topics.inventoryStock],
    ['StockLevelEvents', StockLevelEvents, Topics.inventoryStockLevel],
    ['RefundEvents', RefundEvents, Topics.refundsRefund],
    ['StoreCreditEvents', StoreCreditEvents, Topics.refundsStoreCredit],
    ['PartnerBookingEvents', PartnerBookingEvents, PartnerTopics.bookings],
    ['PartnerTrackingEvents', PartnerTrackingEvents, PartnerTopics.tracking],
  ])('puts every one of %s on its catalogue topic', (_group, events, topic) => {
    for (const eventClass of events) expect(eventClass.topic).toBe(topic);
  });

  it('names every event once, after its class, as a past-tense PascalCase fact', () => {
    // A parcel in transit is a state reached rather than something done, and keeps the carriers' name.
    const stateFacts = ['ParcelInTransit'];
    const types = CataloguedEvents.map((eventClass) => eventClass.eventType);
    expect(new Set(types).size).toBe(types.length);
    for (const eventClass of CataloguedEvents) {
      expect(eventClass.eventType).toBe(eventClass.name);
      expect(eventClass.eventType).toMatch(/^(?:[A-Z][a-z]+)+$/);
      if (!stateFacts.includes(eventClass.eventType)) expect(eventClass.eventType).toMatch(/[a-z]ed(?=[A-Z]|$)/);
    }
  });

  it('lists every exported event class in its topic array', () => {
    const exported = Object.values(contracts).filter(
      (value): value is EventClass => typeof value === 'function' && 'eventType' in value,
    );
    expect(new Set(exported)).toEqual(new Set(CataloguedEvents));
  });

  it.each([
    ['OrderDelivered', OrderDelivered, orderDelivered()],
    ['ProductPublished', ProductPublished, productPublished()],
    ['ReturnApproved with a pickup', ReturnApproved, returnApprovedWithPickup()],
    ['InspectionCompleted', InspectionCompleted, inspectionCompleted()],
    ['TrackingReported from a partner topic', TrackingReported, trackingReported()],
  ])('decodes a valid %s', (_name, eventClass, data) => {
    const decoded = decode(eventClass, data);
    expect(decoded.eventClass).toBe(eventClass);
    expect(decoded.data).toEqual(data);
  });

  it("hands over an internal event's payload as its JSON, timestamps staying strings", () => {
    const sent = returnApprovedWithPickup();
    const approved = decode(ReturnApproved, { ...sent, addedLater: true }).data as ReturnApproved;
    expect(approved).toStrictEqual(sent);
    expect(approved.approvedAt).toBe('2026-11-26T10:00:00.000Z');
  });

  it('builds the nested value classes of an event from outside Rebound', () => {
    const delivered = decode(OrderDelivered, orderDelivered()).data as OrderDelivered;
    expect(delivered).toBeInstanceOf(OrderDelivered);
    expect(delivered.lines[0]).toBeInstanceOf(OrderLine);
    expect(delivered.payments?.[0]).toBeInstanceOf(OrderPayment);
  });

  it('needs no pickup for a return the customer mails back', () => {
    const { pickup: _pickup, ...mailBack } = { ...returnApprovedWithPickup(), method: 'mail_back' };
    expect(decode(ReturnApproved, mailBack).data).toEqual(mailBack);
  });

  const order = orderDelivered();
  const product = productPublished();
  const approved = returnApprovedWithPickup();
  const inspected = inspectionCompleted();
  const tracked = trackingReported();
  it.each([
    [
      'a failed pickup attempt without its reason',
      TrackingReported,
      { ...tracked, status: 'attempt_failed', warehouseId: undefined },
      'reason: is required',
    ],
    [
      'a delivery to a warehouse without the warehouse',
      TrackingReported,
      { ...tracked, warehouseId: undefined },
      'warehouseId: is required',
    ],
    [
      'an unknown tracking status',
      TrackingReported,
      { ...tracked, status: 'lost_in_space' },
      'status: must be one of: out_for_pickup, picked_up, attempt_failed, in_transit, delivered_to_warehouse, exception',
    ],
    [
      'a tracking time without a time zone',
      TrackingReported,
      { ...tracked, occurredAt: '2026-11-28T15:10:00' },
      'occurredAt: must be an ISO-8601 timestamp with a time zone (Z or ±hh:mm)',
    ],
    [
      'a negative unit price',
      OrderDelivered,
      { ...order, lines: [{ ...order.lines[0], unitPriceMinor: -1 }] },
      'lines[0].unitPriceMinor: must be an integer from 0 to 10000000000',
    ],
    [
      'a payment allocating nothing to a line',
      OrderDelivered,
      { ...order, payments: [{ chargeId: 'ch_card', allocations: [{ lineId: 'l1', amountMinor: 0 }] }] },
      'payments[0].allocations[0].amountMinor: must be an integer from 1 to 10000000000',
    ],
    [
      'a fractional amount of money',
      ReturnApproved,
      { ...approved, expectedRefundMinor: 84.99 },
      'expectedRefundMinor: must be an integer from 0 to 10000000000',
    ],
    [
      'a lower-case currency',
      OrderDelivered,
      { ...order, currency: 'eur' },
      'currency: must be an ISO 4217 currency code such as EUR',
    ],
    [
      'a refundable fraction above 1',
      ReturnApproved,
      { ...approved, refundableFractions: [{ grade: 'A', fraction: 1.2 }] },
      'refundableFractions[0].fraction: must be a number from 0 to 1',
    ],
    [
      'an unknown return method',
      ReturnApproved,
      { ...approved, method: 'drone' },
      'method: must be one of: carrier_pickup, curbside_pickup, in_store_dropoff, mail_back',
    ],
    [
      'a pickup method without a pickup',
      ReturnApproved,
      { ...approved, method: 'curbside_pickup', pickup: undefined },
      'pickup: is required',
    ],
    [
      'a country that is not ISO 3166',
      ReturnApproved,
      { ...approved, pickup: { ...approved.pickup, address: { ...approved.pickup.address, country: 'Germany' } } },
      'pickup.address.country: must be an ISO 3166-1 alpha-2 country code such as DE',
    ],
    [
      'a timestamp that is not ISO-8601',
      ReturnApproved,
      { ...approved, approvedAt: '26/11/2026 10:00' },
      'approvedAt: must be an ISO-8601 timestamp with a time zone (Z or ±hh:mm)',
    ],
    [
      'an option value that is not text',
      ProductPublished,
      { ...product, variants: [{ ...product.variants[0], optionValues: { size: 42 } }] },
      'variants[0].optionValues: must be an object of names to values, each a non-empty string of at most 64 characters',
    ],
    [
      'a product version 0',
      ProductPublished,
      { ...product, version: 0 },
      'version: must be an integer from 1 to 2147483647',
    ],
    ['a missing delivery time', OrderDelivered, { ...order, deliveredAt: undefined }, 'deliveredAt: is required'],
    [
      'an empty lines array',
      InspectionCompleted,
      { ...inspected, lines: [] },
      'lines: must be an array with at least 1 item',
    ],
    [
      'an unknown inspection flag',
      InspectionCompleted,
      { ...inspected, lines: [{ ...inspected.lines[0], flags: ['wrong_item', 'scuffed'] }] },
      'lines[0].flags: must be an array, each one of: wrong_item, missing_item, short_shipped, serial_mismatch, unexpected_item',
    ],
    [
      'a grade outside the configured shape',
      InspectionCompleted,
      { ...inspected, lines: [{ ...inspected.lines[0], grade: 'like-new' }] },
      'lines[0].grade: must be a grade code: an uppercase letter, then uppercase letters, digits or _, at most 16',
    ],
  ])('refuses %s, naming the field', (_case, eventClass, data, violation) => {
    const violations = violationsOf(() => decode(eventClass, data));
    expect(violations).toEqual([violation]);
  });
});
