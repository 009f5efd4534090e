/**
 * The fuzz suite for returns-intake: hundreds of hostile inputs on every edge — each REST operation,
 * each gRPC method, each consumed topic — each refused specifically (a 400 naming the field, an
 * INVALID_ARGUMENT naming it, a dead letter saying why), none a 5xx, and the schema unchanged.
 * FUZZ_SEED=<seed> replays a run.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  LabelIssued,
  OrderDelivered,
  OrderPlaced,
  PartnerCoverageChanged,
  PickupCancelled,
  ProductPublished,
  RefundFailed,
  RefundRetried,
  RefundSuperseded,
  Services,
  ReplacementReservationFailed,
  ExchangeChargedBack,
  ExchangeDifferenceCollected,
  ExchangeDifferenceFailed,
  ExchangeDifferenceRetried,
  ExchangeSettled,
  ReplacementReserved,
  StockLevelChanged,
  type EventClass,
} from '@rebound/contracts';
import { PROTO_LOADER_OPTIONS } from '@rebound/http';
import { fuzzConsumedEvents } from '@rebound/messaging/testing';
import { committedDocument, expectEdgeHolds, fuzzGrpc, fuzzRest, fuzzSeed } from '@rebound/testing';
import { RETURNS_PROTO } from '../src/bootstrap';
import { happyJourney, instantRefundFacts, pickupGivesUp, storeCredit, type Fact } from './support/lifecycle-facts';
import { deliveredOrder, putOrder, shirtReturn } from './support/orders';
import { everywhere, useIntakeWorld } from './support/intake-world';

jest.setTimeout(600_000);

const seed = fuzzSeed();

describe('returns-intake under hostile input', () => {
  const world = useIntakeWorld('intake-fuzz');

  it('refuses every hostile REST request with a specific 4xx and changes nothing', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const created = await world().http('POST', '/v1/returns', shirtReturn(order), { 'idempotency-key': 'fuzz-base' });
    expect(created.status).toBe(201);
    const { orderId, ...orderBody } = order;
    await expectEdgeHolds('returns-intake REST', world().schema, seed, async () =>
      fuzzRest(await committedDocument(join(__dirname, '../openapi.json')), {
        baseUrl: world().app.httpUrl,
        caller: world().trustedCaller,
        perOperation: 150,
        seed,
        pathValues: { orderId, returnId: created.body.returnId },
        samples: {
          'POST /v1/returns/preview': shirtReturn(order),
          'POST /v1/returns': shirtReturn(order),
          'PUT /v1/orders/{orderId}': orderBody,
        },
      }),
    );
  });

  it('refuses every hostile gRPC call as INVALID_ARGUMENT naming the field, never UNKNOWN or INTERNAL, and changes nothing', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const created = await world().http('POST', '/v1/returns', shirtReturn(order), { 'idempotency-key': 'fuzz-grpc' });
    await expectEdgeHolds('returns-intake gRPC', world().schema, seed, () =>
      fuzzGrpc({
        ref: { protoPath: RETURNS_PROTO, loader: PROTO_LOADER_OPTIONS, service: 'rebound.returns.v1.ReturnsService' },
        address: world().app.grpcAddress,
        caller: world().trustedCaller,
        perMethod: 150,
        seed,
        methods: {
          PreviewReturn: { base: shirtReturn(order) },
          CreateReturn: { base: shirtReturn(order), metadata: () => ({ 'idempotency-key': randomUUID() }) },
          GetReturn: { base: { returnId: created.body.returnId } },
          ListReturns: { base: { orderId: order.orderId, limit: 20 } },
        },
      }),
    );
  });

  it('dead-letters every hostile event on every topic it consumes, saying why, and applies none', async () => {
    const subject = { returnId: randomUUID(), orderId: `order-${randomUUID()}` };
    const journey = happyJourney(subject);
    const { pickupId, partnerId } = journey.scheduled.data as LabelIssued;
    const refund = { refundId: randomUUID(), returnId: subject.returnId, orderId: subject.orderId, currency: 'EUR' };
    const { deliveredAt, ...placed } = deliveredOrder({ orderId: subject.orderId });
    const facts: Fact[] = [
      ...Object.values(journey),
      ...pickupGivesUp(journey.scheduled),
      ...instantRefundFacts(subject, new Date(), 2504, 0),
      storeCredit(subject, 2504, 0, new Date()),
    ];
    const samples = new Map<EventClass, object>([
      ...facts.map((fact) => [fact.eventClass, fact.data] as const),
      [OrderPlaced, placed],
      [OrderDelivered, { ...placed, deliveredAt }],
      [
        LabelIssued,
        {
          pickupId,
          returnId: subject.returnId,
          partnerId,
          method: 'mail_back',
          trackingNumber: 'TRK-1',
          expiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
        },
      ],
      [PickupCancelled, { pickupId, returnId: subject.returnId, partnerId, reason: 'return cancelled' }],
      [RefundFailed, { ...refund, phase: 'final', amountMinor: 2504, reason: 'card expired', attempts: 3 }],
      [RefundRetried, { ...refund, phase: 'final', amountMinor: 2504, operatorId: 'ops-anna', reason: 'card renewed' }],
      [
        RefundSuperseded,
        {
          ...refund,
          phase: 'final',
          amountMinor: 2504,
          paidMinor: 0,
          replacementRefundId: randomUUID(),
          operatorId: 'ops-anna',
          reason: 'card closed',
        },
      ],
      [
        ExchangeSettled,
        {
          ...refund,
          instant: false,
          method: 'original_payment',
          lines: [
            {
              lineId: 'shirt',
              creditMinor: 2499,
              replacementCostMinor: 2999,
              surplusMinor: 0,
              shortfallMinor: 500,
              bonusMinor: 0,
            },
          ],
          surplusMinor: 0,
          shortfallMinor: 500,
          bonusMinor: 0,
          collectionId: randomUUID(),
        },
      ],
      [
        ExchangeDifferenceCollected,
        { ...refund, amountMinor: 500, charges: [{ chargeId: 'ch-1', amountMinor: 500, providerReference: 'pr-1' }] },
      ],
      [ExchangeDifferenceFailed, { ...refund, amountMinor: 500, detail: 'card declined', attempts: 1 }],
      [ExchangeDifferenceRetried, { ...refund, amountMinor: 500, operatorId: 'ops-anna', reason: 'card renewed' }],
      [
        ExchangeChargedBack,
        {
          ...refund,
          reason: 'abandoned',
          amountMinor: 2499,
          lines: [{ lineId: 'shirt', amountMinor: 2499 }],
          clawbackIds: [randomUUID()],
        },
      ],
      [PartnerCoverageChanged, { ...everywhere(), partnerId: 'fuzz-partner', changedAt: new Date().toISOString() }],
      [
        ProductPublished,
        {
          productId: 'fuzz-tee',
          title: 'Organic tee',
          category: 'apparel',
          options: [{ name: 'size', values: ['S', 'M'] }],
          variants: [
            { sku: 'FUZZ-TEE-M', optionValues: { size: 'M' }, priceMinor: 2499, currency: 'EUR', active: true },
          ],
          version: 1,
          publishedAt: new Date().toISOString(),
        },
      ],
      [
        ReplacementReserved,
        {
          returnId: subject.returnId,
          lineId: 'shirt',
          sku: 'FUZZ-TEE-M',
          quantity: 1,
          warehouseId: 'wh-berlin',
          reservedAt: new Date().toISOString(),
        },
      ],
      [
        ReplacementReservationFailed,
        {
          returnId: subject.returnId,
          lineId: 'shirt',
          sku: 'FUZZ-TEE-M',
          quantity: 1,
          sellable: 0,
          checkedAt: new Date().toISOString(),
        },
      ],
      [
        StockLevelChanged,
        {
          sku: 'FUZZ-TEE-M',
          warehouseId: 'wh-berlin',
          sellable: 3,
          expectedInbound: 0,
          refurbish: 0,
          liquidation: 0,
          returnToVendor: 0,
          quarantine: 0,
          scrap: 0,
          version: 1,
          changedAt: new Date().toISOString(),
        },
      ],
    ]);
    await expectEdgeHolds('returns-intake Kafka', world().schema, seed, () =>
      fuzzConsumedEvents(world().app.app, {
        namespace: world().namespace,
        service: Services.returnsIntake,
        samples,
        subject: subject.returnId,
        perTopic: 300,
        seed,
      }),
    );
  });
});
