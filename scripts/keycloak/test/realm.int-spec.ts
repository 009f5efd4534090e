/**
 * The local OpenID Connect provider (`scripts/stack up` starts it) issues what the services will
 * check: a client-credentials token for every client of the committed realm, signed by a key its
 * JWKS publishes, for the `rebound-api` audience, carrying exactly the permissions the realm gives
 * that client — and nothing for a wrong secret.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERMISSIONS } from '@rebound/contracts';
import { keycloakCustomer } from '@rebound/testing';

const ISSUER = process.env['OIDC_ISSUER'] ?? 'http://127.0.0.1:8180/realms/rebound';

interface Realm {
  readonly roles: { readonly realm: readonly { name: string }[] };
  readonly clients: readonly { clientId: string; secret?: string }[];
  readonly users: readonly { serviceAccountClientId?: string; realmRoles?: string[] }[];
}

const realm = JSON.parse(readFileSync(join(__dirname, '../rebound-realm.json'), 'utf8')) as Realm;

function tokenRequest(clientId: string, secret: string): Promise<Response> {
  return fetch(`${ISSUER}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON documents read field by field
async function json(url: string): Promise<any> {
  return (await fetch(url)).json();
}

function part(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}

describe('the local OpenID Connect provider', () => {
  it('publishes the rebound realm’s discovery document and its signing keys', async () => {
    const discovery = await json(`${ISSUER}/.well-known/openid-configuration`);
    expect(discovery.issuer).toBe(ISSUER);
    const jwks = await json(discovery.jwks_uri);
    expect(jwks.keys.some((key: { use?: string; alg?: string }) => key.use === 'sig' && key.alg === 'RS256')).toBe(
      true,
    );
  });

  it('grants as roles exactly the permissions the services check', () => {
    expect(realm.roles.realm.map((role) => role.name).sort()).toEqual([...PERMISSIONS].sort());
  });

  const confidential = realm.clients.filter((client) => client.secret !== undefined);

  it.each(confidential.map((client) => [client.clientId, client.secret as string]))(
    'gives %s a token for rebound-api with exactly its permissions, signed by a published key',
    async (clientId, secret) => {
      const answer = await tokenRequest(clientId, secret);
      expect(answer.status).toBe(200);
      const { access_token: token } = (await answer.json()) as { access_token: string };
      const claims = part(token, 1);
      const expected = realm.users.find((user) => user.serviceAccountClientId === clientId)?.realmRoles ?? [];
      expect(claims).toMatchObject({ iss: ISSUER, aud: 'rebound-api', azp: clientId });
      expect([...((claims['realm_access'] as { roles: string[] }).roles ?? [])].sort()).toEqual([...expected].sort());
      const jwks = await json(`${ISSUER}/protocol/openid-connect/certs`);
      expect(jwks.keys.map((key: { kid: string }) => key.kid)).toContain(part(token, 0)['kid']);
    },
  );

  it('gives a customer signing in through the customer app a token naming them, with what customers may do', async () => {
    const claims = part((await keycloakCustomer('cust-demo-1')).authorization.slice('Bearer '.length), 1);

    expect(claims).toMatchObject({
      iss: ISSUER,
      aud: 'rebound-api',
      azp: 'rebound-customer',
      customer_id: 'cust-demo-1',
    });
    expect([...(claims['realm_access'] as { roles: string[] }).roles].sort()).toEqual([
      'returns:read',
      'returns:write',
      'store-credit:read',
    ]);
  });

  it("answers Swagger UI on a service's port when it asks for a client's token from the browser", async () => {
    const answer = await fetch(`${ISSUER}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:3001' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'rebound-ops',
        client_secret: 'rebound-ops-local-secret',
      }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3001');
  });

  it('refuses a client whose secret is wrong', async () => {
    const answer = await tokenRequest('rebound-ops', 'not-the-secret');
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ error: 'unauthorized_client' });
  });
});
