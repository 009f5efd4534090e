/**
 * The tools' token source against the local Keycloak (`scripts/stack up`): a client's token is asked
 * for once and reused while it has life left, and a refusal says which client, which issuer and what
 * the issuer answered.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
});
