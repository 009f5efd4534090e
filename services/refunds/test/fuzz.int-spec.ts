/**
 * The fuzz suite for refunds: hundreds of hostile inputs on every edge — each REST operation, each
 * consumed topic — each refused specifically (a 400 naming the field, a dead letter saying why),
 * none a 5xx, and the schema unchanged: no hostile input ever moves money.
 * FUZZ_SEED=<seed> replays a run.
 */
import { join } from 'node:path';
import {
  ExchangeOrderRequested,
  InspectionCompleted,
  LineResolutionChanged,
  OrderDelivered,
  OrderPlaced,
  PickupAbandoned,
  ReturnApproved,
  ReturnCancelled,
  ReturnExpired,
  Services,
  type EventClass,
} from '@rebound/contracts';
import { fuzzConsumedEvents } from '@rebound/messaging/testing';
import {
  committedDocument,
  exchangeOrderRequestedFor,
  exchangeResolution,
  expectEdgeHolds,
  fuzzRest,
  fuzzSeed,
  withResolutions,
} from '@rebound/testing';
import { abandonmentOf, approvedReturn, cancellationOf, expiryOf, inspectionOf, orderOf } from './support/fixtures';
import { useRefundsWorld } from './support/refunds-world';

jest.setTimeout(600_000);

const seed = fuzzSeed();

describe('refunds under hostile input', () => {
  const world = useRefundsWorld('refunds-fuzz');

  it('refuses every hostile REST request with a specific 4xx and changes nothing', async () => {
    await expectEdgeHolds('refunds REST', world().schema, seed, async () =>
      fuzzRest(await committedDocument(join(__dirname, '../openapi.json')), {
        baseUrl: world().app.httpUrl,
        caller: world().trustedCaller,
        perOperation: 150,
        seed,
      }),
    );
  });

  it('dead-letters every hostile event on every topic it consumes, saying why, and applies none', async () => {
    const returned = approvedReturn({ instantExchange: true });
    const [jacket] = returned.lines;
    const approved = withResolutions(returned, { jacket: exchangeResolution(jacket, { unitPriceMinor: 9999 }, 500) });
    const samples = new Map<EventClass, object>([
      [ReturnApproved, approved],
      [ExchangeOrderRequested, exchangeOrderRequestedFor(approved)],
      [
        LineResolutionChanged,
        {
          returnId: approved.returnId,
          orderId: approved.orderId,
          lineId: jacket.lineId,
          resolution: { kind: 'refund' },
          fallbacks: [],
          reason: 'replacement_unavailable',
          changedAt: new Date().toISOString(),
        },
      ],
      [InspectionCompleted, inspectionOf(approved)],
      [ReturnCancelled, cancellationOf(approved)],
      [ReturnExpired, expiryOf(approved)],
      [PickupAbandoned, abandonmentOf(approved)],
      [OrderPlaced, orderOf(approved)],
      [OrderDelivered, { ...orderOf(approved), deliveredAt: new Date().toISOString() }],
    ]);
    await expectEdgeHolds('refunds Kafka', world().schema, seed, () =>
      fuzzConsumedEvents(world().app.app, {
        namespace: world().namespace,
        service: Services.refunds,
        samples,
        subject: approved.returnId,
        perTopic: 150,
        seed,
      }),
    );
  });
});
