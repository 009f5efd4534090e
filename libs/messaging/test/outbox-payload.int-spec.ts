/**
 * What publishing writes to the outbox, on the real database: each service's events, handed over
 * the way the services build them (fields the contract does not declare, optional fields left
 * undefined, class instances, signed money), are checked by the validators compiled from the
 * contracts and land as the same JSON as when class-validator's instance was serialised; the
 * caller's object is left as it was; a payload the contract refuses is refused with the same
 * field-by-field explanation, and nothing is written.
 */
import { inspect } from 'node:util';
import {
  EventClass,
  EventPayload,
  InspectedLine,
  InspectionCompleted,
  InvalidEventError,
  PartnerCoverageChanged,
  PartnerTopics,
  PickupBooked,
  PickupScheduled,
  RefundIssued,
  ReturnApproved,
  ReturnCompleted,
  StockLevelChanged,
  StockRestocked,
  StoreCreditBalanceChanged,
  toValidPayload,
} from '@rebound/contracts';
import { approvedReturnEvent, mailBackReturnEvent } from '@rebound/testing';
import { Outbox } from '../src';
import { useLedgerDatabase } from './fixtures/ledger-world';

jest.setTimeout(60_000);

interface Published {
  readonly eventClass: EventClass;
  readonly data: EventPayload;
  readonly topic?: string;
}

const returnId = '7d1f5e0a-2b3c-4d4e-8f6a-1b2c3d4e5f60';
const otherId = '0b8f5a4e-3c1d-4e2f-9a6b-7c8d9e0f1a2b';
const at = '2026-12-03T10:15:00.000Z';

/** What a service's domain object carries beyond the contract, spread into the payload. */
const internals = { storedAt: new Date(at), version: 4, notes: { by: 'ops' }, summary: () => 'two jackets' };

/** Each service's events, built as its domain builds them. */
function eventsOfEveryService(): Record<string, Published> {
  const [line] = approvedReturnEvent().lines;
  const parcelLines = [{ lineId: 'line-1', sku: 'SKU-JACKET', quantity: 2, ...internals }];
  return {
    'returns-intake ReturnApproved (carrier pickup, lines paid by two charges, no loyalty tier)': {
      eventClass: ReturnApproved,
      data: approvedReturnEvent({
        returnId,
        loyaltyTier: undefined,
        lines: [
          {
            ...line,
            orderedQuantity: 3,
            charges: [
              { chargeId: 'ch-1', amountMinor: 6000 },
              { chargeId: 'ch-2', amountMinor: 3998 },
            ],
          },
        ],
        ...internals,
      }),
    },
    'returns-intake ReturnApproved (mail-back, no pickup)': {
      eventClass: ReturnApproved,
      data: mailBackReturnEvent({ returnId, instantRefund: true, refundMethod: 'store_credit' }),
    },
    'returns-intake ReturnCompleted (an instance of its class)': {
      eventClass: ReturnCompleted,
      data: Object.assign(new ReturnCompleted(), {
        returnId,
        orderId: 'order-1',
        currency: 'EUR',
        refundedMinor: 9503,
        completedAt: at,
      }),
    },
    'pickup-scheduling PickupScheduled': {
      eventClass: PickupScheduled,
      data: {
        pickupId: otherId,
        returnId,
        partnerId: 'acme-logistics',
        method: 'carrier_pickup',
        slot: { from: at, to: '2026-12-03T12:15:00.000Z' },
        attempt: 1,
      },
    },
    "pickup-scheduling PickupBooked (the partner's topic, no second address line)": {
      eventClass: PickupBooked,
      topic: PartnerTopics.bookings.nameFor('acme-logistics'),
      data: {
        pickupId: otherId,
        returnId,
        method: 'carrier_pickup',
        attempt: 2,
        slot: { from: at, to: '2026-12-03T12:15:00.000Z' },
        address: {
          name: 'Erika',
          line1: 'Hauptstr. 1',
          line2: undefined,
          postalCode: '10115',
          city: 'Berlin',
          country: 'DE',
        },
        trackingNumber: 'TRK-1',
        destinationWarehouseId: 'wh-berlin',
        lines: parcelLines,
      },
    },
    'pickup-scheduling PartnerCoverageChanged': {
      eventClass: PartnerCoverageChanged,
      data: {
        partnerId: 'acme-logistics',
        active: true,
        serviceAreas: [{ country: 'DE', postalPrefixes: ['10', '12'] }],
        capabilities: ['carrier_pickup', 'mail_back'],
        slotWindows: [{ start: '08:00', end: '24:00', capacity: 40 }],
        horizonDays: 14,
        changedAt: at,
      },
    },
    'warehouse-qc InspectionCompleted (lines as instances, a fraction of the price)': {
      eventClass: InspectionCompleted,
      data: {
        inspectionId: otherId,
        returnId,
        warehouseId: 'wh-berlin',
        orderId: 'order-1',
        lines: [
          Object.assign(new InspectedLine(), {
            lineId: 'line-1',
            sku: 'SKU-JACKET',
            expectedQuantity: 2,
            receivedQuantity: 1,
            grade: 'B',
            disposition: 'refurbish',
            refundableFraction: 0.9,
            flags: ['short_shipped'],
          }),
        ],
        completedAt: at,
      },
    },
    'inventory StockRestocked': {
      eventClass: StockRestocked,
      data: {
        returnId,
        inspectionId: otherId,
        warehouseId: 'wh-berlin',
        lines: [{ lineId: 'line-1', sku: 'SKU-JACKET', quantity: 1, disposition: 'restock', bucket: 'sellable' }],
        restockedAt: at,
      },
    },
    'inventory StockLevelChanged': {
      eventClass: StockLevelChanged,
      data: {
        sku: 'SKU-JACKET',
        warehouseId: 'wh-berlin',
        sellable: 12,
        expectedInbound: 0,
        refurbish: 1,
        liquidation: 0,
        returnToVendor: 0,
        quarantine: 0,
        scrap: 0,
        version: 2_147_483_647,
        changedAt: at,
      },
    },
    'refunds RefundIssued (paid against two charges, the largest amount there is)': {
      eventClass: RefundIssued,
      data: {
        refundId: otherId,
        returnId,
        orderId: 'order-1',
        currency: 'EUR',
        amountMinor: 10_000_000_000,
        method: 'original_payment',
        phase: 'final',
        providerReference: 're_1',
        charges: [
          { chargeId: 'ch-1', amountMinor: 9_999_999_999, providerReference: 're_1', ...internals },
          { chargeId: 'ch-2', amountMinor: 1, providerReference: 're_2' },
        ],
      },
    },
    'refunds StoreCreditBalanceChanged (nothing taken: minus zero)': {
      eventClass: StoreCreditBalanceChanged,
      data: {
        customerId: 'customer-1',
        currency: 'EUR',
        kind: 'reversed',
        amountMinor: -0,
        balanceMinor: 0,
        refundId: otherId,
        at,
      },
    },
  };
}

async function refusalOf(work: () => unknown): Promise<InvalidEventError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('the payload was taken');
}

describe('publishing writes what the service published, checked by the compiled validators', () => {
  const outbox = new Outbox('/rebound/tests');
  const world = useLedgerDatabase('outbox_payload');

  async function rowPayloads(subject: string): Promise<string[]> {
    const rows = await world.dataSource.query<{ payload: string }[]>(
      'SELECT payload::text AS payload FROM outbox WHERE subject = $1 ORDER BY position',
      [subject],
    );
    return rows.map((row) => row.payload);
  }

  /** The row's payload as it was written when the outbox serialised class-validator's instance. */
  async function asWrittenFromTheInstance({ eventClass, data }: Published): Promise<string> {
    const [row] = await world.dataSource.query<{ payload: string }[]>('SELECT $1::jsonb::text AS payload', [
      JSON.stringify(toValidPayload(eventClass, data)),
    ]);
    return row.payload;
  }

  it.each(Object.entries(eventsOfEveryService()))(
    '%s: the outbox row holds the same JSON as before, and the object handed over is unchanged',
    async (name, event) => {
      const before = inspect(event.data, { depth: null });
      const subject = `subject-${name}`;
      await world.dataSource.transaction((manager) =>
        outbox.publish(manager, event.eventClass, event.data, { subject, topic: event.topic }),
      );
      expect(await rowPayloads(subject)).toEqual([await asWrittenFromTheInstance(event)]);
      expect(inspect(event.data, { depth: null })).toBe(before);
    },
  );

  it("writes none of the fields the contract does not declare, at any depth, though the caller's object keeps them", async () => {
    const [line] = approvedReturnEvent().lines;
    const data = approvedReturnEvent({ returnId, lines: [{ ...line, ...internals }], ...internals });
    await world.dataSource.transaction((manager) =>
      outbox.publish(manager, ReturnApproved, data, { subject: 'undeclared-fields' }),
    );
    const [payload] = await rowPayloads('undeclared-fields');
    expect(JSON.parse(payload)).toMatchObject({ returnId, lines: [{ lineId: line.lineId }] });
    expect(payload).not.toMatch(/storedAt|notes/);
    expect(data).toMatchObject({ ...internals, lines: [internals] });
  });

  it.each([
    [
      'refunds RefundIssued with a fractional amount and an empty charge id',
      RefundIssued,
      {
        refundId: otherId,
        returnId,
        orderId: 'order-1',
        currency: 'EUR',
        amountMinor: 12.5,
        method: 'original_payment',
        phase: 'final',
        charges: [{ chargeId: '', amountMinor: 12, providerReference: 're_1' }],
        ...internals,
      } as RefundIssued,
      ['amountMinor', 'charges[0].chargeId'],
    ],
    [
      // Its JSON would be a valid timestamp: the check is of the value handed over, as before.
      'returns-intake ReturnApproved with its approval time as a Date',
      ReturnApproved,
      { ...approvedReturnEvent({ returnId }), approvedAt: new Date(at) } as unknown as ReturnApproved,
      ['approvedAt'],
    ],
    [
      'returns-intake ReturnApproved with a line of no units and no pickup for a carrier pickup',
      ReturnApproved,
      {
        ...approvedReturnEvent({ returnId, ...internals }),
        pickup: undefined,
        lines: [{ ...approvedReturnEvent().lines[0], quantity: 0 }],
      } as ReturnApproved,
      ['lines[0].quantity', 'pickup'],
    ],
  ] as const)(
    '%s: refused field by field as class-validator refused it, and nothing is written',
    async (name, eventClass, data, fields) => {
      const before = inspect(data, { depth: null });
      const subject = `refused-${name}`;
      const asBefore = await refusalOf(() => toValidPayload(eventClass as EventClass, data));
      let refusal: InvalidEventError | undefined;
      // The transaction commits: a row written before the check would stay.
      await world.dataSource.transaction(async (manager) => {
        refusal = await refusalOf(() => outbox.publish(manager, eventClass as EventClass, data, { subject }));
      });
      expect(refusal?.message).toBe(asBefore.message);
      expect(refusal?.violations).toEqual(asBefore.violations);
      expect(refusal?.violations.map((violation) => violation.slice(0, violation.indexOf(':')))).toEqual(fields);
      expect(await rowPayloads(subject)).toEqual([]);
      expect(inspect(data, { depth: null })).toBe(before);
    },
  );
});
