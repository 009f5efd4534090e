/**
 * What the other services announce about a return, built as they would build it: a pickup journey
 * (or one that fails), an inspection and a refund, each fact with its own event id and time.
 */
import { randomUUID } from 'node:crypto';
import {
  EventClass,
  EventPayload,
  ExchangeDifferenceCollected,
  ExchangeDifferenceFailed,
  ExchangeDifferenceRetried,
  ExchangeSettled,
  InspectionCompleted,
  InspectionOpened,
  ParcelDeliveredToWarehouse,
  ParcelInTransit,
  ParcelPickedUp,
  PickupAbandoned,
  PickupAttemptFailed,
  PickupRescheduled,
  PickupScheduled,
  RefundAdjusted,
  RefundFailed,
  RefundIssued,
  RefundRetried,
  RefundSuperseded,
  StoreCreditIssued,
} from '@rebound/contracts';

export interface Fact {
  readonly eventClass: EventClass;
  readonly data: EventPayload;
  readonly id: string;
  readonly time: Date;
  readonly source: string;
}

export interface ReturnUnderTest {
  readonly returnId: string;
  readonly orderId: string;
}

function fact<T extends EventPayload>(eventClass: EventClass<T>, data: T, time: Date, source: string): Fact {
  return { eventClass, data, id: randomUUID(), time, source };
}

/** The facts of one return's happy path, a second apart, in the order they happen. */
export function happyJourney(subject: ReturnUnderTest, start = new Date()): Record<string, Fact> {
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
  const pickupId = randomUUID();
  const inspectionId = randomUUID();
  const pickupBase = { pickupId, returnId: subject.returnId, partnerId: 'acme-logistics' };
  const pickups = '/rebound/pickup-scheduling';
  return {
    scheduled: fact(
      PickupScheduled,
      {
        ...pickupBase,
        method: 'carrier_pickup',
        slot: { from: at(3600).toISOString(), to: at(7200).toISOString() },
        attempt: 1,
      },
      at(1),
      pickups,
    ),
    pickedUp: fact(
      ParcelPickedUp,
      {
        ...pickupBase,
        destinationWarehouseId: 'wh-berlin',
        lines: [{ lineId: 'shirt', sku: 'SKU-SHIRT', quantity: 1 }],
      },
      at(2),
      pickups,
    ),
    inTransit: fact(ParcelInTransit, { ...pickupBase, location: 'Hub Leipzig' }, at(3), pickups),
    delivered: fact(ParcelDeliveredToWarehouse, { ...pickupBase, warehouseId: 'wh-berlin' }, at(4), pickups),
    inspectionOpened: fact(
      InspectionOpened,
      {
        inspectionId,
        returnId: subject.returnId,
        warehouseId: 'wh-berlin',
        lines: [{ lineId: 'shirt', sku: 'SKU-SHIRT', expectedQuantity: 1 }],
      },
      at(5),
      '/rebound/warehouse-qc',
    ),
    inspected: fact(
      InspectionCompleted,
      {
        inspectionId,
        returnId: subject.returnId,
        orderId: subject.orderId,
        warehouseId: 'wh-berlin',
        lines: [
          {
            lineId: 'shirt',
            sku: 'SKU-SHIRT',
            expectedQuantity: 1,
            receivedQuantity: 1,
            grade: 'A',
            disposition: 'restock',
            refundableFraction: 1,
            flags: [],
          },
        ],
        completedAt: at(6).toISOString(),
      },
      at(6),
      '/rebound/warehouse-qc',
    ),
    refunded: fact(RefundIssued, refundData(subject, 'final', 2504), at(7), '/rebound/refunds'),
  };
}

export function refundData(
  subject: ReturnUnderTest,
  phase: 'instant' | 'final',
  amountMinor: number,
  refundId = randomUUID(),
) {
  return {
    refundId,
    returnId: subject.returnId,
    orderId: subject.orderId,
    currency: 'EUR',
    amountMinor,
    method: 'original_payment' as const,
    phase,
    providerReference: `psp-${refundId.slice(0, 8)}`,
  };
}

/**
 * A final refund of 25.04 the provider declines for good, then ops' way out: paid again on the
 * original payment method (`retry`), or — one charge (15.04) paid, the other declined — what is left
 * (10.00) replaced by store credit without bonus (`store_credit`).
 */
export function declinedThenRecovered(subject: ReturnUnderTest, start: Date, via: 'retry' | 'store_credit'): Fact[] {
  const refundId = randomUUID();
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  const declined = refundData(subject, 'final', 2504, refundId);
  const ops = { operatorId: 'ops-anna', reason: 'the customer asked support' };
  const base = { refundId, returnId: subject.returnId, orderId: subject.orderId, currency: 'EUR' };
  const failed = fact(
    RefundFailed,
    { ...base, phase: 'final', amountMinor: 2504, reason: 'charge ch-1: card closed', attempts: 1 },
    at(0),
    '/rebound/refunds',
  );
  if (via === 'retry') {
    return [
      failed,
      fact(RefundRetried, { ...base, phase: 'final', amountMinor: 2504, ...ops }, at(5), '/rebound/refunds'),
      fact(RefundIssued, declined, at(6), '/rebound/refunds'),
    ];
  }
  const replacementRefundId = randomUUID();
  return [
    failed,
    fact(
      RefundSuperseded,
      { ...base, phase: 'final', amountMinor: 1000, paidMinor: 1504, replacementRefundId, ...ops },
      at(5),
      '/rebound/refunds',
    ),
    fact(
      StoreCreditIssued,
      { ...base, refundId: replacementRefundId, amountMinor: 1000, bonusMinor: 0, phase: 'final' },
      at(6),
      '/rebound/refunds',
    ),
  ];
}

export function instantRefundFacts(
  subject: ReturnUnderTest,
  start: Date,
  issuedMinor: number,
  clawbackMinor: number,
): Fact[] {
  const refundId = randomUUID();
  return [
    fact(RefundIssued, refundData(subject, 'instant', issuedMinor, refundId), start, '/rebound/refunds'),
    fact(
      RefundAdjusted,
      {
        refundId,
        returnId: subject.returnId,
        orderId: subject.orderId,
        currency: 'EUR',
        adjustmentMinor: clawbackMinor,
        kind: clawbackMinor > 0 ? 'store_credit_debit' : 'none',
        refundableMinor: issuedMinor - clawbackMinor,
      },
      new Date(start.getTime() + 10 * 60_000),
      '/rebound/refunds',
    ),
  ];
}

export function storeCredit(subject: ReturnUnderTest, amountMinor: number, bonusMinor: number, time: Date): Fact {
  return fact(
    StoreCreditIssued,
    {
      refundId: randomUUID(),
      returnId: subject.returnId,
      orderId: subject.orderId,
      currency: 'EUR',
      amountMinor,
      bonusMinor,
      phase: 'final',
    },
    time,
    '/rebound/refunds',
  );
}

/**
 * What follows `scheduled` when the partner never finds anyone home: each attempt fails at the end of
 * its slot and is rebooked an hour later for a slot on the next day, until pickup-scheduling gives up
 * after `attempts`.
 */
export function pickupGivesUp(scheduled: Fact, attempts = 3): Fact[] {
  const { pickupId, returnId, partnerId, method, slot } = scheduled.data as PickupScheduled;
  const base = { pickupId, returnId, partnerId };
  const hoursAfter = (time: Date, hours: number) => new Date(time.getTime() + hours * 3_600_000);
  const facts: Fact[] = [];
  let slotEnd = new Date(slot.to);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    facts.push(fact(PickupAttemptFailed, { ...base, attempt, reason: 'nobody home' }, slotEnd, scheduled.source));
    if (attempt === attempts) break;
    const next = { from: hoursAfter(slotEnd, 23).toISOString(), to: hoursAfter(slotEnd, 24).toISOString() };
    const rebooked = { ...base, method, slot: next, attempt: attempt + 1, reason: 'nobody home' };
    facts.push(fact(PickupRescheduled, rebooked, hoursAfter(slotEnd, 1), scheduled.source));
    slotEnd = new Date(next.to);
  }
  const detail = `the partner found nobody home on ${attempts} attempts`;
  const abandoned = { ...base, reason: 'attempts_exhausted' as const, detail, attempts };
  facts.push(fact(PickupAbandoned, abandoned, hoursAfter(slotEnd, 1), scheduled.source));
  return facts;
}

/**
 * Refunds' facts about the money of the shirt's exchange for a replacement `shortfallMinor` dearer
 * than the shirt's credit (0: nothing to collect): the exchange settled, a minute later its collection
 * declined, ops' retry, and the collection paid. An exchange with nothing to collect has only `settled`.
 */
export function exchangeMoney(subject: ReturnUnderTest, shortfallMinor: number, start = new Date()) {
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  const base = { returnId: subject.returnId, orderId: subject.orderId, currency: 'EUR' };
  const collectionId = randomUUID();
  const collection = { ...base, refundId: collectionId, amountMinor: shortfallMinor };
  const refunds = '/rebound/refunds';
  const settled = fact(
    ExchangeSettled,
    {
      ...base,
      refundId: randomUUID(),
      instant: false,
      method: 'original_payment',
      lines: [
        {
          lineId: 'shirt',
          creditMinor: 2999,
          replacementCostMinor: 2999 + shortfallMinor,
          surplusMinor: 0,
          shortfallMinor,
          bonusMinor: 0,
        },
      ],
      surplusMinor: 0,
      shortfallMinor,
      bonusMinor: 0,
      ...(shortfallMinor > 0 && { collectionId }),
    },
    at(0),
    refunds,
  );
  return {
    settled,
    declined: fact(
      ExchangeDifferenceFailed,
      { ...collection, detail: 'charge ch-1: card declined', attempts: 1 },
      at(1),
      refunds,
    ),
    retried: fact(
      ExchangeDifferenceRetried,
      { ...collection, operatorId: 'ops-anna', reason: 'the customer updated their card' },
      at(5),
      refunds,
    ),
    collected: fact(
      ExchangeDifferenceCollected,
      { ...collection, charges: [{ chargeId: 'ch-1', amountMinor: shortfallMinor, providerReference: 'psp-c-1' }] },
      at(6),
      refunds,
    ),
  };
}
