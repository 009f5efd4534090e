/**
 * The fuzz suite for inventory: hundreds of hostile inputs on every edge — each REST operation, each
 * gRPC method, each consumed topic — each refused specifically (a 400 naming the field, an
 * INVALID_ARGUMENT naming it, a dead letter saying why), none a 5xx, and the schema unchanged.
 * FUZZ_SEED=<seed> replays a run.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  ExchangeOrderRequested,
  InspectionCompleted,
  LineResolutionChanged,
  ParcelDeliveredToWarehouse,
  ParcelPickedUp,
  ReturnApproved,
  ReturnCancelled,
  ReturnExpired,
  Services,
  type EventClass,
} from '@rebound/contracts';
import { PROTO_LOADER_OPTIONS } from '@rebound/http';
import { fuzzConsumedEvents } from '@rebound/messaging/testing';
import { committedDocument, expectEdgeHolds, fuzzGrpc, fuzzRest, fuzzSeed } from '@rebound/testing';
import { INVENTORY_PROTO } from '../src/bootstrap';
import {
  approvedWithExchanges,
  exchangeFor,
  exchangeOrdered,
  freshSku,
  inspectedLine,
  inspectionCompleted,
  pickedUp,
  resolutionChanged,
  returnCancelled,
  returnExpired,
} from './support/fixtures';
import { useInventoryWorld } from './support/inventory-world';

jest.setTimeout(600_000);

const seed = fuzzSeed();
const WAREHOUSE = 'wh-fuzz';

describe('inventory under hostile input', () => {
  const world = useInventoryWorld('inventory-fuzz');

  it('refuses every hostile REST request with a specific 4xx and changes nothing', async () => {
    await expectEdgeHolds('inventory REST', world().schema, seed, async () =>
      fuzzRest(await committedDocument(join(__dirname, '../openapi.json')), {
        baseUrl: world().app.httpUrl,
        caller: world().trustedCaller,
        perOperation: 150,
        seed,
        pathValues: { sku: freshSku() },
      }),
    );
  });

  it('refuses every hostile gRPC call as INVALID_ARGUMENT naming the field, never UNKNOWN or INTERNAL', async () => {
    await expectEdgeHolds('inventory gRPC', world().schema, seed, () =>
      fuzzGrpc({
        ref: {
          protoPath: INVENTORY_PROTO,
          loader: PROTO_LOADER_OPTIONS,
          service: 'rebound.inventory.v1.InventoryService',
        },
        address: world().app.grpcAddress,
        caller: world().trustedCaller,
        perMethod: 150,
        seed,
        methods: {
          GetStock: { base: { sku: freshSku() } },
          ListLedger: { base: { sku: freshSku(), limit: 20 } },
        },
      }),
    );
  });

  it('dead-letters every hostile event on every topic it consumes, saying why, and applies none', async () => {
    const returnId = randomUUID();
    const sku = freshSku();
    const parcel = pickedUp(returnId, WAREHOUSE, [{ lineId: 'line-1', sku, quantity: 1 }]);
    const samples = new Map<EventClass, object>([
      [ParcelPickedUp, parcel],
      [
        ParcelDeliveredToWarehouse,
        { pickupId: parcel.pickupId, returnId, partnerId: parcel.partnerId, warehouseId: WAREHOUSE },
      ],
      [InspectionCompleted, inspectionCompleted(returnId, WAREHOUSE, [inspectedLine({ sku })])],
      [ReturnApproved, approvedWithExchanges(returnId, [{ lineId: 'line-1', sku, quantity: 1 }])],
      [LineResolutionChanged, resolutionChanged(returnId, 'line-1', exchangeFor(sku))],
      [ReturnCancelled, returnCancelled(returnId)],
      [ReturnExpired, returnExpired(returnId)],
      [
        ExchangeOrderRequested,
        exchangeOrdered(returnId, [{ lineId: 'line-1', sku, quantity: 1, warehouseId: WAREHOUSE }]),
      ],
    ]);
    await expectEdgeHolds('inventory Kafka', world().schema, seed, () =>
      fuzzConsumedEvents(world().app.app, {
        namespace: world().namespace,
        service: Services.inventory,
        samples,
        subject: returnId,
        perTopic: 300,
        seed,
      }),
    );
  });
});
