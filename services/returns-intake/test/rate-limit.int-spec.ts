/**
 * Rate limits on gRPC writes: CreateReturn spends the client's write budget (one budget with its REST
 * writes); the methods the proto declares free of side effects never do.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import { grpcFailure, returnsGrpcClient } from './support/grpc-client';
import { useIntakeWorld } from './support/intake-world';

jest.setTimeout(60_000);

const LIMIT = 2;

describe('rate limits on gRPC writes', () => {
  const world = useIntakeWorld('intake-rate-limit', { RATE_LIMIT_WRITES_PER_MINUTE: String(LIMIT) });

  it('refuses a client’s CreateReturn over its budget with RESOURCE_EXHAUSTED and retry-after, and still answers its reads', async () => {
    const caller = await world().issuer.authorization({
      clientId: 'rebound-storefront',
      permissions: ['returns:read', 'returns:write'],
    });
    const storefront = returnsGrpcClient(world().app.grpcAddress, caller);
    try {
      // A refused proposal is a write all the same: the limit comes before the service looks at it.
      for (let n = 0; n < LIMIT; n += 1) {
        expect((await grpcFailure(storefront.createReturn({}))).status).toBe('INVALID_ARGUMENT');
      }

      const refused = await storefront.createReturn({}).then(
        (answer) => ({ answer }),
        (error: ServiceError) => ({ code: error.code, retryAfter: Number(error.metadata.get('retry-after')[0]) }),
      );
      expect(refused).toEqual({ code: status.RESOURCE_EXHAUSTED, retryAfter: expect.any(Number) });
      expect((refused as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(1);

      expect((await grpcFailure(storefront.previewReturn({}))).status).toBe('INVALID_ARGUMENT');
      expect((await grpcFailure(storefront.getReturn({ returnId: 'not-a-uuid' }))).status).toBe('INVALID_ARGUMENT');
      expect((await world().http('POST', '/v1/returns', {}, caller)).status).toBe(429);
    } finally {
      storefront.close();
    }
  });
});
