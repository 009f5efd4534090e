/**
 * The tools' token source against the local Keycloak (`scripts/stack up`): a client's token is asked
 * for once and reused while it has life left, a refusal says which client, which issuer and what
 * the issuer answered, and a call a service refuses as unauthenticated is tried once more with a new
 * token.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, callJsonAs } from '../call-json';
import {
  ClientCredentials,
  LOCAL_ISSUER,
  TokenRefusedError,
  clientCredentials,
  clientSecretVariable,
} from '../client-credentials';

const ISSUER = process.env['OIDC_ISSUER'] || LOCAL_ISSUER;

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('the tools’ client-credentials token source', () => {
  it('gets a client’s token from the local Keycloak with the local secret by default, for rebound-api', async () => {
    const token = await clientCredentials('rebound-storefront', { OIDC_ISSUER: ISSUER }).token();
    expect(claims(token)).toMatchObject({ iss: ISSUER, aud: 'rebound-api', azp: 'rebound-storefront' });
  });

  it('reuses a token while it has life left, and shares one request among callers waiting together', async () => {
    const credentials = new ClientCredentials(ISSUER, 'rebound-commerce', 'rebound-commerce-local-secret');
    const [first, second] = await Promise.all([credentials.token(), credentials.token()]);
    expect(second).toBe(first);
    expect(await credentials.token()).toBe(first);
  });

  it('takes a new token when the kept one would not outlive what it is needed for', async () => {
    const credentials = new ClientCredentials(ISSUER, 'rebound-commerce', 'rebound-commerce-local-secret');
    const kept = await credentials.token();
    const lifetimeMs = ((claims(kept)['exp'] as number) - (claims(kept)['iat'] as number)) * 1000;
    // Keycloak's tokens carry whole seconds: wait into the next one so the new token differs.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const fresh = await credentials.token({ validForMs: lifetimeMs - 1_000 });
    expect(fresh).not.toBe(kept);
    expect(claims(fresh)['exp']).toBeGreaterThan(claims(kept)['exp'] as number);
  });

  it('refuses to promise a token longer than the issuer lets one live, naming both', async () => {
    const credentials = new ClientCredentials(ISSUER, 'rebound-commerce', 'rebound-commerce-local-secret');
    await expect(credentials.token({ validForMs: 3_600_000 })).rejects.toThrow(
      /^rebound-commerce's tokens from http\S+ live \d+ s, less than the 3600 s they are needed for$/,
    );
  });

  it('names the client, the issuer and the status when the secret is wrong', async () => {
    const credentials = clientCredentials('rebound-ops', {
      OIDC_ISSUER: ISSUER,
      [clientSecretVariable('rebound-ops')]: 'not-the-secret',
    });
    const refusal = credentials.token();
    await expect(refusal).rejects.toBeInstanceOf(TokenRefusedError);
    await expect(refusal).rejects.toThrow(
      `${ISSUER}/protocol/openid-connect/token gave client rebound-ops no token: answered 401`,
    );
  });

  it('names the issuer it could not reach', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const credentials = new ClientCredentials(`http://127.0.0.1:${port}/realms/rebound`, 'rebound-ops', 'x');
    await expect(credentials.token()).rejects.toThrow(
      `http://127.0.0.1:${port}/realms/rebound/protocol/openid-connect/token gave client rebound-ops no token: ` +
        'the issuer is unreachable (ECONNREFUSED)',
    );
  });

  it('reads a client’s secret from <CLIENT_ID>_SECRET', () => {
    expect(clientSecretVariable('rebound-storefront')).toBe('REBOUND_STOREFRONT_SECRET');
    expect(clientSecretVariable('partner-swiftback')).toBe('PARTNER_SWIFTBACK_SECRET');
  });

  describe('a call as a client', () => {
    /** A service that refuses the first `refusals` calls with 401; the authorization of every call. */
    async function refusingService(refusals: number) {
      const seen: string[] = [];
      const server = createServer((request, response) => {
        seen.push(request.headers.authorization ?? '');
        const status = seen.length <= refusals ? 401 : 200;
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/returns`;
      return { seen, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
    }

    it('carries the client’s bearer token, and after a 401 tries once more with a new one', async () => {
      const service = await refusingService(1);
      try {
        const storefront = new ClientCredentials(ISSUER, 'rebound-storefront', 'rebound-storefront-local-secret');
        expect(await callJsonAs(storefront)('GET', service.url)).toEqual({ status: 200 });
        expect(service.seen).toHaveLength(2);
        expect(service.seen.every((header) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(header))).toBe(true);
        expect(service.seen[1]).not.toBe(service.seen[0]);
      } finally {
        await service.close();
      }
    });

    it('gives up with the service’s 401 when the new token is refused too', async () => {
      const service = await refusingService(Infinity);
      try {
        const storefront = new ClientCredentials(ISSUER, 'rebound-storefront', 'rebound-storefront-local-secret');
        const refusal = callJsonAs(storefront)('GET', service.url);
        await expect(refusal).rejects.toBeInstanceOf(HttpError);
        await expect(refusal).rejects.toMatchObject({ status: 401 });
        expect(service.seen).toHaveLength(2);
      } finally {
        await service.close();
      }
    });
  });
});
