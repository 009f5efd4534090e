/**
 * returns-intake's REST API at a fixed concurrency with autocannon: opening returns (each with its
 * own Idempotency-Key, spread over orders with units to spare) and reading returns by id.
 */
import autocannon from 'autocannon';
import type { Platform } from '../platform/platform';
import { callJson } from '../platform/call-json';
import { HttpFigures, httpFigures } from './ceilings';
import { inParallel } from './lifecycle';

const ORDERS = 200;
const UNITS_PER_ORDER = 100_000;

export async function benchIntakeApi(
  platform: Platform,
  tag: string,
  returnIds: readonly string[],
  options: { readonly connections: number; readonly durationS: number },
): Promise<{ readonly open: HttpFigures; readonly read: HttpFigures }> {
  const intake = platform.services['returns-intake'].httpUrl;
  const now = Date.now();
  const orderIds = Array.from({ length: ORDERS }, (_, index) => `bench-api-${tag}-${index}`);
  await inParallel(orderIds, options.connections, async (orderId) => {
    await callJson('PUT', `${intake}/v1/orders/${orderId}`, {
      customerId: `bench-api-customer-${orderId}`,
      currency: 'EUR',
      shippingRegion: 'DE',
      placedAt: new Date(now - 8 * 86_400_000).toISOString(),
      deliveredAt: new Date(now - 5 * 86_400_000).toISOString(),
      lines: [
        {
          lineId: 'line-1',
          sku: 'SKU-BENCH-API',
          category: 'apparel',
          quantity: UNITS_PER_ORDER,
          unitPriceMinor: 1999,
          finalSale: false,
        },
      ],
      payments: [
        { chargeId: `ch-${orderId}`, allocations: [{ lineId: 'line-1', amountMinor: UNITS_PER_ORDER * 1999 }] },
      ],
    });
  });
  let opened = 0;
  const open = await autocannon({
    url: intake,
    connections: options.connections,
    duration: options.durationS,
    requests: [
      {
        method: 'POST',
        path: '/v1/returns',
        setupRequest: (request) => {
          const index = opened++;
          return {
            ...request,
            headers: { 'content-type': 'application/json', 'idempotency-key': `bench-api-${tag}-${index}` },
            body: JSON.stringify({
              orderId: orderIds[index % ORDERS],
              method: 'mail_back',
              lines: [{ lineId: 'line-1', quantity: 1, reasonCode: 'wrong_size' }],
            }),
          };
        },
      },
    ],
  });
  let read = 0;
  const readResult = await autocannon({
    url: intake,
    connections: options.connections,
    duration: options.durationS,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: `/v1/returns/${returnIds[read++ % returnIds.length]}` }),
      },
    ],
  });
  return { open: httpFigures(open), read: httpFigures(readResult) };
}
