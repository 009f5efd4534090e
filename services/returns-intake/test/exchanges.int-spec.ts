/**
 * Exchanges on real Kafka and Postgres: a return opened with the customer's choice among the preview's
 * offers, carried by ReturnApproved; a choice not offered refused with its field; inventory's
 * reservations moving a line to its next choice or making the exchange order due; inspection deciding
 * a non-instant exchange; the replacements released to ship only once refunds says the exchange is
 * paid; completion without a refund once released, and the history it leaves; an expired return
 * giving up its exchanges, and refunded as graded when its parcel turns up after all.
 */
import { randomUUID } from 'node:crypto';
import {
  ExchangeOrderRequested,
  ExchangeShipmentReleased,
  LineResolutionChanged,
  ReplacementReservationFailed,
  ReplacementReserved,
  ReturnApproved,
  ReturnCompleted,
  ReturnExpired,
  ReturnRequested,
  RefundIssued,
  StockLevelChanged,
  Topics,
  stockLevelKey,
  type EventClass,
} from '@rebound/contracts';
import { waitUntil } from '@rebound/testing';
import {
  fieldsNamedIn,
  grpcFailure,
  useReturnsGrpcClient,
  withDetailsParsed,
  withoutNulls,
} from './support/grpc-client';
import { useIntakeWorld } from './support/intake-world';
import { AddExchangeRelease1796710000000 } from '../src/persistence/migrations/1796710000000-AddExchangeRelease';
import { SHIRT_PRODUCT } from './fakes/in-memory-intake';
import {
  exchangeMoney,
  happyJourney,
  pickupGivesUp,
  refundData,
  type Fact,
  type ReturnUnderTest,
} from './support/lifecycle-facts';
import { deliveredOrder, putOrder, shirtReturn, type TestOrder } from './support/orders';
import { rollBackMigration } from './support/roll-back';

jest.setTimeout(60_000);

/** The order's shirt is a size M; L costs €5 more, XL €70 more (over the €50 limit), S is sold out. */
const { productId: SHIRT_ID, ...SHIRT } = { ...SHIRT_PRODUCT, publishedAt: '2026-06-01T10:00:00Z' };

/** Another shirt at the very price of the order's: an exchange for it is even. */
const LINEN = {
  title: 'Linen Shirt',
  category: 'apparel',
  options: [{ name: 'size', values: ['M', 'L'] }],
  variants: [{ sku: 'SKU-LINEN-L', optionValues: { size: 'L' }, priceMinor: 2999, currency: 'EUR', active: true }],
  version: 1,
  publishedAt: '2026-06-01T10:00:00Z',
};

/** A phone in stock: another category, never offered for a shirt. */
const PHONE = {
  title: 'Phone',
  category: 'electronics',
  options: [],
  variants: [{ sku: 'SKU-PHONE-2', optionValues: {}, priceMinor: 2999, currency: 'EUR', active: true }],
  version: 1,
  publishedAt: '2026-06-01T10:00:00Z',
};

const SELLABLE: Record<string, number> = {
  'SKU-SHIRT-S': 0,
  'SKU-SHIRT-L': 50,
  'SKU-SHIRT-XL': 50,
  'SKU-LINEN-L': 50,
  'SKU-PHONE-2': 50,
};

const RETURN_EVENTS: readonly EventClass[] = [
  ReturnRequested,
  ReturnApproved,
  LineResolutionChanged,
  ExchangeOrderRequested,
  ExchangeShipmentReleased,
  ReturnExpired,
  ReturnCompleted,
];

const exchange = (replacementSku: string) => ({ kind: 'exchange', replacementSku });

describe('exchanges', () => {
  const world = useIntakeWorld('intake-exchanges');
  const grpc = useReturnsGrpcClient(world);

  beforeAll(async () => {
    for (const [productId, product] of [
      [SHIRT_ID, SHIRT],
      ['linen-shirt', LINEN],
      ['phone-2', PHONE],
    ] as const) {
      const put = await world().http('PUT', `/v1/products/${productId}`, product);
      expect(put.status).toBe(201);
    }
    for (const [sku, sellable] of Object.entries(SELLABLE)) {
      await world().publish(
        StockLevelChanged,
        {
          sku,
          warehouseId: 'wh-berlin',
          sellable,
          expectedInbound: 0,
          refurbish: 0,
          liquidation: 0,
          returnToVendor: 0,
          quarantine: 0,
          scrap: 0,
          version: 1,
          changedAt: new Date().toISOString(),
        },
        stockLevelKey(sku, 'wh-berlin'),
      );
    }
    await waitUntil('the stock levels to be learned', async () => {
      const rows = await world().schema.query('SELECT 1 FROM catalogue_stock');
      return rows.length === Object.keys(SELLABLE).length;
    });
  });

  const events = (returnId: string, type: string) =>
    world()
      .eventsAbout(Topics.returnsReturn, RETURN_EVENTS, returnId)
      .filter((event) => event.type === type);
  const eventOnce = async (returnId: string, type: string) => {
    await world().published.waitFor(type, () => events(returnId, type).length > 0);
    return events(returnId, type)[0].data as Record<string, unknown>;
  };

  async function opened(lines: unknown[], order: Partial<TestOrder> = {}): Promise<ReturnUnderTest> {
    const placed = await putOrder(world(), deliveredOrder(order));
    const created = await world().http('POST', '/v1/returns', shirtReturn(placed, { lines }));
    expect(created.status).toBe(201);
    return { returnId: created.body.returnId, orderId: placed.orderId };
  }

  const shirtLine = (choices: Record<string, unknown>) => ({
    lineId: 'shirt',
    quantity: 1,
    reasonCode: 'wrong_size',
    ...choices,
  });

  function replacementFact(
    subject: ReturnUnderTest,
    eventClass: typeof ReplacementReserved | typeof ReplacementReservationFailed,
    sku: string,
  ) {
    const base = { returnId: subject.returnId, lineId: 'shirt', sku, quantity: 1 };
    const at = new Date().toISOString();
    return eventClass === ReplacementReserved
      ? world().publish(ReplacementReserved, { ...base, warehouseId: 'wh-berlin', reservedAt: at }, subject.returnId)
      : world().publish(ReplacementReservationFailed, { ...base, sellable: 0, checkedAt: at }, subject.returnId);
  }

  async function publish(subject: ReturnUnderTest, facts: readonly Fact[]): Promise<void> {
    for (const fact of facts) {
      await world().publish(fact.eventClass, fact.data, subject.returnId, {
        id: fact.id,
        time: fact.time,
        source: fact.source,
      });
    }
  }

  const types = (body: { timeline: { type: string }[] }) => body.timeline.map((entry) => entry.type);

  it('opens an exchange the preview offers, and ReturnApproved carries the replacement at its price', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const preview = await world().http('POST', '/v1/returns/preview', shirtReturn(order));
    const offered = preview.body.lines[0].offers.map(
      (offer: { replacement?: { sku: string } }) => offer.replacement?.sku,
    );
    expect(offered).toContain('SKU-SHIRT-L');

    const created = await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(order, {
        lines: [shirtLine({ resolution: exchange('SKU-SHIRT-L'), fallbacks: [{ kind: 'refund' }] })],
      }),
    );
    expect(created.status).toBe(201);
    const resolution = {
      kind: 'exchange',
      replacement: { sku: 'SKU-SHIRT-L', productId: 'oxford-shirt', quantity: 1, unitPriceMinor: 3499 },
    };
    expect(created.body).toMatchObject({
      status: 'approved',
      expectedRefundMinor: 0,
      instantExchange: false,
      exchangeRequestedAt: null,
      exchangeReleasedAt: null,
      lines: [{ lineId: 'shirt', resolution, fallbacks: [{ kind: 'refund' }], warehouseId: null }],
    });
    const approved = await eventOnce(created.body.returnId, 'ReturnApproved');
    expect(approved).toMatchObject({
      lines: [{ resolution, fallbacks: [{ kind: 'refund' }] }],
      expectedRefundMinor: 0,
    });
    expect(approved['instantExchange']).toBeUndefined();
  });

  it.each([
    ['sold out', shirtLine({ resolution: exchange('SKU-SHIRT-S') }), 'lines[0].resolution.replacementSku'],
    ['of another category', shirtLine({ resolution: exchange('SKU-PHONE-2') }), 'lines[0].resolution.replacementSku'],
    ['over the price limit', shirtLine({ resolution: exchange('SKU-SHIRT-XL') }), 'lines[0].resolution.replacementSku'],
    ['kept where keeping is not offered', shirtLine({ resolution: { kind: 'keep' } }), 'lines[0].resolution.kind'],
    [
      'a next choice not offered',
      shirtLine({ resolution: exchange('SKU-SHIRT-L'), fallbacks: [exchange('SKU-SHIRT-XL')] }),
      'lines[0].fallbacks[0].replacementSku',
    ],
    [
      'naming a replacement the line already chose',
      shirtLine({ resolution: exchange('SKU-SHIRT-L'), fallbacks: [exchange('SKU-SHIRT-L')] }),
      'lines[0].fallbacks[0].replacementSku',
    ],
  ])('refuses a choice %s, naming the field, and opens nothing', async (_, line, field) => {
    const order = await putOrder(world(), deliveredOrder());
    const refused = await world().http('POST', '/v1/returns', shirtReturn(order, { lines: [line] }), {
      'idempotency-key': `key-${randomUUID()}`,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('https://rebound.dev/problems/resolution-not-offered');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field })]);
    const listed = await world().http('GET', `/v1/returns?orderId=${order.orderId}`);
    expect(listed.body.items).toEqual([]);
  });

  it('opens an exchange over gRPC as over REST, and refuses a choice not offered naming the same field', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const created = await grpc().createReturn(
      shirtReturn(order, {
        lines: [shirtLine({ resolution: exchange('SKU-SHIRT-L'), fallbacks: [{ kind: 'refund' }] })],
      }),
    );
    expect(created.lines[0]).toMatchObject({
      resolution: { kind: 'exchange', replacement: { sku: 'SKU-SHIRT-L', unitPriceMinor: 3499 } },
      fallbacks: [{ kind: 'refund' }],
    });
    const overRest = await world().http('GET', `/v1/returns/${created.returnId}`);
    expect(withDetailsParsed(await grpc().getReturn({ returnId: created.returnId }))).toEqual(
      withoutNulls(overRest.body),
    );

    const refused = await grpcFailure(
      grpc().createReturn(shirtReturn(order, { lines: [shirtLine({ resolution: exchange('SKU-SHIRT-XL') })] })),
    );
    expect({ status: refused.status, fields: fieldsNamedIn(refused.message) }).toEqual({
      status: 'FAILED_PRECONDITION',
      fields: ['lines[0].resolution.replacementSku'],
    });
  });

  it('binds an Idempotency-Key to the choices: a retry answers with the first return, the key without the exchange is refused', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const key = { 'idempotency-key': `key-${randomUUID()}` };
    const body = (sku: string) => shirtReturn(order, { lines: [shirtLine({ resolution: exchange(sku) })] });
    const first = await world().http('POST', '/v1/returns', body('SKU-SHIRT-L'), key);
    const retry = await world().http('POST', '/v1/returns', body('SKU-SHIRT-L'), key);
    expect(retry.body.returnId).toBe(first.body.returnId);
    const other = await world().http('POST', '/v1/returns', shirtReturn(order, { lines: [shirtLine({})] }), key);
    expect(other.status).toBe(409);
  });

  it('moves a line whose replacement cannot be reserved to the next choice, requoted, and says so on the timeline', async () => {
    const subject = await opened([shirtLine({ resolution: exchange('SKU-SHIRT-L'), fallbacks: [{ kind: 'refund' }] })]);
    await replacementFact(subject, ReplacementReservationFailed, 'SKU-SHIRT-L');
    expect(await eventOnce(subject.returnId, 'LineResolutionChanged')).toMatchObject({
      lineId: 'shirt',
      resolution: { kind: 'refund' },
      fallbacks: [],
      reason: 'replacement_unavailable',
    });
    const body = await world().bodyOnceItHolds(
      `/v1/returns/${subject.returnId}`,
      'the change on the timeline',
      (answer) => types(answer).includes('LineResolutionChanged'),
    );
    expect(types(body)).toEqual([
      'ReturnRequested',
      'ReturnApproved',
      'ReplacementReservationFailed',
      'LineResolutionChanged',
    ]);
    expect(body.lines[0]).toMatchObject({ resolution: { kind: 'refund' }, fallbacks: [] });
    // The quote follows: the shirt is refunded now, whole — approved as an exchange, the return was
    // charged no return shipping, and refunds takes the fee the approval named.
    expect(body.expectedRefundMinor).toBe(2999);
  });

  it("requests a gold member's instant exchange as soon as the replacement is reserved", async () => {
    const subject = await opened([shirtLine({ resolution: exchange('SKU-SHIRT-L') })], { loyaltyTier: 'gold' });
    expect(await eventOnce(subject.returnId, 'ReturnApproved')).toMatchObject({ instantExchange: true });
    await replacementFact(subject, ReplacementReserved, 'SKU-SHIRT-L');
    expect(await eventOnce(subject.returnId, 'ExchangeOrderRequested')).toMatchObject({
      instant: true,
      lines: [{ lineId: 'shirt', sku: 'SKU-SHIRT-L', productId: 'oxford-shirt', warehouseId: 'wh-berlin' }],
    });
  });

  it('holds back a dearer exchange whose difference is declined; collected after ops retry, it ships once, completes without a refund, and ranks later offers', async () => {
    const customerId = `customer-${randomUUID()}`;
    const subject = await opened([shirtLine({ resolution: exchange('SKU-SHIRT-L') })], { customerId });
    await replacementFact(subject, ReplacementReserved, 'SKU-SHIRT-L');
    const { refunded: _, ...journey } = happyJourney(subject);
    await publish(subject, Object.values(journey));
    expect(await eventOnce(subject.returnId, 'ExchangeOrderRequested')).toMatchObject({ instant: false });

    const money = exchangeMoney(subject, 500, new Date(Date.now() + 60_000));
    await publish(subject, [money.settled, money.declined]);
    const declined = await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'the decline', (answer) =>
      types(answer).includes('ExchangeDifferenceFailed'),
    );
    // Released and completed in the same transaction as the fact that paid: the timeline would show both.
    expect(declined).toMatchObject({ status: 'inspected', exchangeReleasedAt: null });
    expect(types(declined)).not.toContain('ExchangeShipmentReleased');
    expect(types(declined)).not.toContain('ReturnCompleted');

    // The collection's fact delivered twice (a redelivery under another id) releases only once.
    const again = { ...money.collected, id: randomUUID() };
    await publish(subject, [money.retried, money.collected, again]);
    expect(await eventOnce(subject.returnId, 'ReturnCompleted')).toMatchObject({ refundedMinor: 0 });
    const body = await world().bodyOnceItHolds(
      `/v1/returns/${subject.returnId}`,
      'both collections',
      (answer) => types(answer).filter((type) => type === 'ExchangeDifferenceCollected').length === 2,
    );
    expect(body.status).toBe('completed');
    expect(body.exchangeReleasedAt).not.toBeNull();
    expect(types(body).filter((type) => type === 'ExchangeShipmentReleased')).toHaveLength(1);
    expect(events(subject.returnId, 'ExchangeShipmentReleased')).toHaveLength(1);
    expect(await eventOnce(subject.returnId, 'ExchangeShipmentReleased')).toMatchObject({
      instant: false,
      lines: [
        { lineId: 'shirt', sku: 'SKU-SHIRT-L', productId: 'oxford-shirt', quantity: 1, warehouseId: 'wh-berlin' },
      ],
    });

    const next = await putOrder(world(), deliveredOrder({ customerId }));
    const preview = await world().http('POST', '/v1/returns/preview', shirtReturn(next));
    const large = preview.body.lines[0].offers.find(
      (offer: { replacement?: { sku: string } }) => offer.replacement?.sku === 'SKU-SHIRT-L',
    );
    expect(large.explanation).toContain('You kept size L of “Oxford Shirt” before');
  });

  it('releases an even exchange to ship on ExchangeSettled, and completes it then', async () => {
    const subject = await opened([shirtLine({ resolution: exchange('SKU-LINEN-L') })]);
    await replacementFact(subject, ReplacementReserved, 'SKU-LINEN-L');
    const { refunded: _, ...journey } = happyJourney(subject);
    await publish(subject, Object.values(journey));
    expect(await eventOnce(subject.returnId, 'ExchangeOrderRequested')).toMatchObject({
      lines: [{ sku: 'SKU-LINEN-L', unitPriceMinor: 2999 }],
    });
    const requested = await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'the order', (answer) =>
      types(answer).includes('ExchangeOrderRequested'),
    );
    expect(requested).toMatchObject({ status: 'inspected', exchangeReleasedAt: null });

    await publish(subject, [exchangeMoney(subject, 0, new Date(Date.now() + 60_000)).settled]);
    expect(await eventOnce(subject.returnId, 'ExchangeShipmentReleased')).toEqual({
      returnId: subject.returnId,
      orderId: subject.orderId,
      customerId: expect.any(String),
      instant: false,
      currency: 'EUR',
      lines: [{ lineId: 'shirt', sku: 'SKU-LINEN-L', productId: 'linen-shirt', quantity: 1, warehouseId: 'wh-berlin' }],
      releasedAt: expect.any(String),
    });
    expect(await eventOnce(subject.returnId, 'ReturnCompleted')).toMatchObject({ refundedMinor: 0 });
    const body = await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'completion', (answer) =>
      types(answer).includes('ReturnCompleted'),
    );
    expect(body).toMatchObject({ status: 'completed', exchangeReleasedAt: expect.any(String) });
  });

  it('refunds an exchanged item inspection did not accept instead of shipping its replacement', async () => {
    const subject = await opened([shirtLine({ resolution: exchange('SKU-SHIRT-L') })]);
    await replacementFact(subject, ReplacementReserved, 'SKU-SHIRT-L');
    const { refunded: _, inspected, ...journey } = happyJourney(subject);
    const data = inspected.data as { lines: { flags: string[] }[] };
    const wrong = { ...inspected, data: { ...data, lines: [{ ...data.lines[0], flags: ['wrong_item'] }] } } as Fact;
    await publish(subject, [...Object.values(journey), wrong]);

    expect(await eventOnce(subject.returnId, 'LineResolutionChanged')).toMatchObject({
      resolution: { kind: 'refund' },
      reason: 'not_accepted_at_inspection',
    });
    const body = await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'inspection', (answer) =>
      types(answer).includes('LineResolutionChanged'),
    );
    expect(body.status).toBe('inspected');
    expect(events(subject.returnId, 'ExchangeOrderRequested')).toEqual([]);
  });

  it('completes a return whose every line is kept on its refund, without a parcel', async () => {
    const socks = {
      lineId: 'socks',
      sku: 'SKU-SOCKS',
      category: 'apparel',
      quantity: 1,
      unitPriceMinor: 700,
      finalSale: false,
    };
    const subject = await opened(
      [{ lineId: 'socks', quantity: 1, reasonCode: 'wrong_size', resolution: { kind: 'keep' } }],
      {
        lines: [socks],
      },
    );
    expect(await eventOnce(subject.returnId, 'ReturnApproved')).toMatchObject({
      expectedRefundMinor: 700,
      fees: { returnShippingFeeMinor: 0 },
      lines: [{ resolution: { kind: 'keep' } }],
    });
    await world().publish(RefundIssued, refundData(subject, 'final', 700), subject.returnId, {
      source: '/rebound/refunds',
    });
    const body = await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'completion', (answer) =>
      types(answer).includes('ReturnCompleted'),
    );
    expect(types(body)).toEqual(['ReturnRequested', 'ReturnApproved', 'RefundIssued', 'ReturnCompleted']);
    expect(body.status).toBe('completed');
  });

  it('counts an exchange requested before the release existed as released then: its refund completes the return, nothing is released again', async () => {
    const subject = await opened([shirtLine({ resolution: exchange('SKU-SHIRT-L') })]);
    await replacementFact(subject, ReplacementReserved, 'SKU-SHIRT-L');
    const { refunded, ...journey } = happyJourney(subject);
    await publish(subject, Object.values(journey));
    const requested = await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'the order', (answer) =>
      types(answer).includes('ExchangeOrderRequested'),
    );

    await world().restart(() => rollBackMigration(world().schema, AddExchangeRelease1796710000000));
    const upgraded = await world().http('GET', `/v1/returns/${subject.returnId}`);
    expect(upgraded.body.exchangeReleasedAt).toBe(requested.exchangeRequestedAt);

    await publish(subject, [refunded]);
    const body = await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'completion', (answer) =>
      types(answer).includes('ReturnCompleted'),
    );
    expect(body.status).toBe('completed');
    expect(types(body)).not.toContain('ExchangeShipmentReleased');
  });

  it.each([
    ['an exchange', {}, 0],
    ['a gold member’s instant exchange (its order requested before)', { loyaltyTier: 'gold' }, 1],
  ])(
    'gives up %s when the return expires, and refunds the item when its parcel turns up after all',
    async (_, order, exchangeOrders) => {
      const subject = await opened([shirtLine({ resolution: exchange('SKU-SHIRT-L') })], order);
      await replacementFact(subject, ReplacementReserved, 'SKU-SHIRT-L');
      const { scheduled, refunded: _refunded, ...late } = happyJourney(subject);
      await publish(subject, [scheduled, ...pickupGivesUp(scheduled)]);
      expect(await eventOnce(subject.returnId, 'LineResolutionChanged')).toMatchObject({
        lineId: 'shirt',
        resolution: { kind: 'refund' },
        fallbacks: [],
        reason: 'return_expired',
      });
      const expired = await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'the expiry', (answer) =>
        types(answer).includes('LineResolutionChanged'),
      );
      expect(expired).toMatchObject({ status: 'expired', lines: [{ resolution: { kind: 'refund' }, fallbacks: [] }] });
      expect(types(expired).slice(-3)).toEqual(['PickupAbandoned', 'ReturnExpired', 'LineResolutionChanged']);
      // Refunded whole: approved as an exchange, the return was charged no return shipping.
      expect(expired.expectedRefundMinor).toBe(2999);

      // The partner reports, late, that the parcel was collected: it is inspected and refunded as graded.
      await publish(subject, Object.values(late));
      await world().publish(RefundIssued, refundData(subject, 'final', 2999), subject.returnId, {
        source: '/rebound/refunds',
      });
      expect(await eventOnce(subject.returnId, 'ReturnCompleted')).toMatchObject({ refundedMinor: 2999 });
      const body = await world().bodyOnceItHolds(`/v1/returns/${subject.returnId}`, 'completion', (answer) =>
        types(answer).includes('ReturnCompleted'),
      );
      expect(body.status).toBe('completed');
      expect(events(subject.returnId, 'ExchangeOrderRequested')).toHaveLength(exchangeOrders);
      expect(events(subject.returnId, 'LineResolutionChanged')).toHaveLength(1);
    },
  );
});
