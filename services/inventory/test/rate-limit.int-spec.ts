/**
 * Rate limits on writes, per client, as an operator configures them (RATE_LIMIT_WRITES_PER_MINUTE):
 * a client over its budget is told when to come back, and nobody else pays for it.
 */
import { randomUUID } from 'node:crypto';
import { KEYCLOAK_ENV, keycloakClient } from '@rebound/testing';
import { freshSku } from './support/fixtures';
import { useInventoryWorld } from './support/inventory-world';

jest.setTimeout(60_000);

const LIMIT = 3;

describe('rate limits on writes', () => {
  const world = useInventoryWorld('inventory-rate-limit', {
    ...KEYCLOAK_ENV,
    RATE_LIMIT_WRITES_PER_MINUTE: String(LIMIT),
  });

  function found(sku: string, caller: { authorization: string }) {
    const body = { reason: 'found', lines: [{ sku, warehouseId: 'wh-hamburg', quantityDelta: 1 }] };
    return world().http('POST', '/v1/stock/movements', body, { ...caller, 'idempotency-key': randomUUID() });
  }

  it('refuses a client’s writes over its budget with 429 and Retry-After, and still serves its reads and other clients', async () => {
    const sku = freshSku();
    const ops = await keycloakClient('rebound-ops');
    // The budget is the client's, whichever token of it writes.
    const served = [];
    for (let n = 0; n < LIMIT; n += 1) served.push((await found(sku, await keycloakClient('rebound-ops'))).status);
    expect(served).toEqual(Array(LIMIT).fill(201));

    const refused = await found(sku, ops);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(refused.body).toMatchObject({
      type: 'https://rebound.dev/problems/rate-limited',
      status: 429,
      instance: '/v1/stock/movements',
      limit: LIMIT,
    });

    expect((await world().http('GET', `/v1/stock/${sku}`, undefined, ops)).body.totals.sellable).toBe(LIMIT);
    expect(await world().grpc.call('GetStock', { sku }, ops)).toMatchObject({ sku });
    expect((await found(sku, await keycloakClient('rebound-warehouse'))).status).toBe(201);
  });
});
