/**
 * returns-intake's REST API at a fixed concurrency with autocannon: opening returns (each with its
 * own Idempotency-Key, spread over orders with units to spare) and reading returns by id. Orders are
 * stored as rebound-commerce, returns opened and read as rebound-storefront, whose token each
 * autocannon run takes fresh enough to outlive it.
 */
import autocannon from 'autocannon';
import { MAX_QUANTITY } from '@rebound/contracts';
import type { Platform } from '../platform/platform';
import { callJsonAs } from '../platform/call-json';
import { clientCredentials } from '../platform/client-credentials';
import { HttpFigures, httpFigures } from './ceilings';
import { inParallel } from '../platform/in-parallel';

const ORDERS = 200;
/** As many units as an order line may have: a return takes one, and 200 orders hold far more than a run opens. */
const UNITS_PER_ORDER = MAX_QUANTITY;

/** How long the token of a run of `durationS` must stay valid: past its end, as its last requests may still be answered. */
export function apiTokenValidForMs(durationS: number): number {
  return (durationS + 30) * 1000;
}

export async function benchIntakeApi(
  platform: Platform,
  tag: string,
  returnIds: readonly string[],
  options: { readonly connections: number; readonly durationS: number },
): Promise<{ readonly open: HttpFigures; readonly read: HttpFigures }> {
  const intake = platform.services['returns-intake'].httpUrl;
  const commerce = callJsonAs(clientCredentials('rebound-commerce'));
  const storefront = clientCredentials('rebound-storefront');
  const validForMs = apiTokenValidForMs(options.durationS);
  const now = Date.now();
  const orderIds = Array.from({ length: ORDERS }, (_, index) => `bench-api-${tag}-${index}`);
  await inParallel(orderIds, options.connections, async (orderId) => {
    await commerce('PUT', `${intake}/v1/orders/${orderId}`, {
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
    // Given to setupRequest, which keeps them.
    headers: await storefront.authorization({ validForMs }),
    requests: [
      {
        method: 'POST',
        path: '/v1/returns',
        setupRequest: (request) => {
          const index = opened++;
          return {
            ...request,
            headers: {
              ...request.headers,
              'content-type': 'application/json',
              'idempotency-key': `bench-api-${tag}-${index}`,
            },
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
    headers: await storefront.authorization({ validForMs }),
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: `/v1/returns/${returnIds[read++ % returnIds.length]}` }),
      },
    ],
  });
  return { open: httpFigures(open), read: httpFigures(readResult) };
}
