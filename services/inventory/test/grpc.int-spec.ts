/** inventory over gRPC with a real client: the same stock and ledger as REST, and the same refusals. */
import { randomUUID } from 'node:crypto';
import { asGrpcCarries, grpcFailure } from '@rebound/testing';
import { freshSku } from './support/fixtures';
import { useInventoryWorld } from './support/inventory-world';

jest.setTimeout(60_000);

describe('inventory over gRPC', () => {
  const world = useInventoryWorld('inventory-grpc');

  it('reads the same stock and the same ledger pages as REST', async () => {
    const sku = freshSku();
    for (const [warehouseId, quantityDelta] of [
      ['wh-a', 3],
      ['wh-b', 2],
      ['wh-a', -1],
    ] as const) {
      const moved = await world().http(
        'POST',
        '/v1/stock/movements',
        { reason: 'adjustment', note: 'cycle count', lines: [{ sku, warehouseId, quantityDelta }] },
        { 'idempotency-key': randomUUID() },
      );
      expect(moved.status).toBe(201);
    }

    const [overGrpc, overRest] = await Promise.all([
      world().grpc.call('GetStock', { sku }),
      world().http('GET', `/v1/stock/${sku}`),
    ]);
    expect(overGrpc).toEqual(asGrpcCarries(overRest.body));
    expect(overRest.body.totals.sellable).toBe(4);

    const firstGrpc = await world().grpc.call('ListLedger', { sku, limit: 2 });
    const firstRest = (await world().http('GET', `/v1/stock/${sku}/ledger?limit=2`)).body;
    expect(firstGrpc).toEqual(asGrpcCarries(firstRest));
    const secondGrpc = await world().grpc.call('ListLedger', { sku, limit: 2, cursor: firstGrpc.nextCursor });
    const secondRest = (await world().http('GET', `/v1/stock/${sku}/ledger?limit=2&cursor=${firstRest.nextCursor}`))
      .body;
    expect(secondGrpc).toEqual(asGrpcCarries(secondRest));
    expect(secondGrpc.items).toHaveLength(1);
  });

  it('refuses as REST does: NOT_FOUND for an unknown sku, INVALID_ARGUMENT naming a bad limit', async () => {
    const unknown = await grpcFailure(world().grpc.call('GetStock', { sku: freshSku() }));
    expect(unknown.status).toBe('NOT_FOUND');

    const badLimit = await grpcFailure(world().grpc.call('ListLedger', { sku: freshSku(), limit: 1000 }));
    expect(badLimit.status).toBe('INVALID_ARGUMENT');
    expect(badLimit.message).toContain('limit: must be an integer from 1 to 100');
  });
});
