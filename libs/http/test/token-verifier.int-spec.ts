/**
 * Bearer tokens as the services check them: the local stack's Keycloak tokens accepted with their
 * client and permissions, an issuer's key rotation followed without a restart, and every kind of bad
 * token refused with the reason — against real issuers (Keycloak, and an in-process one whose keys
 * the test controls).
 */
import { SignJWT } from 'jose';
import { KEYCLOAK_ISSUER, TEST_AUDIENCE, TestIssuer, freePort, keycloakClient } from '@rebound/testing';
import { IssuerUnavailable, TokenRejected, TokenVerifier, type AccessSettings } from '../src';

const DEFAULTS = {
  audience: TEST_AUDIENCE,
  permissionsClaim: 'realm_access.roles',
  customerClaim: 'customer_id',
  jwksCooldownMs: 30_000,
} as const;

const EVERYTHING_BUT_THE_DATE = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

function verifierFor(issuer: string, settings: Partial<AccessSettings> = {}): TokenVerifier {
  return new TokenVerifier({ ...DEFAULTS, issuer, ...settings });
}

describe('checking bearer tokens', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });

  afterAll(() => issuer.stop());

  it("accepts the local Keycloak's client-credentials tokens as that client, with its permissions", async () => {
    const caller = await verifierFor(KEYCLOAK_ISSUER).verify(
      (await keycloakClient('rebound-warehouse')).authorization.slice('Bearer '.length),
    );

    expect(caller.clientId).toBe('rebound-warehouse');
    expect([...caller.permissions].sort()).toEqual(['qc:inspect', 'qc:read', 'stock:read', 'stock:write']);
    expect(caller.customerId).toBeUndefined();
  });

  it("follows the issuer's key rotation: a token signed with the new key is accepted without a restart", async () => {
    const verifier = verifierFor(issuer.url, { jwksCooldownMs: 0 });
    await verifier.verify(await issuer.token());
    const fetchesBefore = issuer.jwksFetches;

    await issuer.rotateKey();
    const caller = await verifier.verify(await issuer.token({ subject: 'after-rotation' }));

    expect(caller.subject).toBe('after-rotation');
    expect(issuer.jwksFetches).toBe(fetchesBefore + 1);
  });

  it('keeps the keys it has: known keys are not fetched again for every token', async () => {
    const verifier = verifierFor(issuer.url);
    await verifier.verify(await issuer.token());
    const fetchesBefore = issuer.jwksFetches;

    for (let i = 0; i < 5; i += 1) await verifier.verify(await issuer.token());

    expect(issuer.jwksFetches).toBe(fetchesBefore);
  });

  it('refuses a token it accepted before once that token has expired', async () => {
    const verifier = verifierFor(issuer.url);
    const token = await issuer.token({ subject: 'short-lived', expiresIn: 60 });
    expect((await verifier.verify(token)).subject).toBe('short-lived');
    expect((await verifier.verify(token)).subject).toBe('short-lived');

    // Two minutes on by the clock alone, the token's own expiry and the tolerance behind it.
    jest.useFakeTimers({ now: Date.now() + 120_000, doNotFake: [...EVERYTHING_BUT_THE_DATE] });
    try {
      await expect(verifier.verify(token)).rejects.toThrow(
        expect.objectContaining({ constructor: TokenRejected, message: 'the token has expired' }),
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it.each([
    ['has expired', { expiresIn: -120 }, 'the token has expired'],
    ['is signed by a key the issuer never published', { foreignKey: true }, 'is not signed by a key of'],
    ['is for another audience', { audience: 'another-api' }, 'is not for the audience rebound-api'],
  ])('refuses a token that %s, saying so', async (_case, claims, reason) => {
    await expect(verifierFor(issuer.url).verify(await issuer.token(claims))).rejects.toThrow(
      expect.objectContaining({ constructor: TokenRejected, message: expect.stringContaining(reason) }),
    );
  });

  it('refuses a token signed with a shared secret, whatever its claims', async () => {
    const forged = await new SignJWT({ realm_access: { roles: ['policy:admin'] } })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer.url)
      .setAudience(TEST_AUDIENCE)
      .setSubject('forger')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a secret anyone could guess, long enough'));

    await expect(verifierFor(issuer.url).verify(forged)).rejects.toThrow(TokenRejected);
  });

  it('refuses what is no JWT at all', async () => {
    await expect(verifierFor(issuer.url).verify('not-a-token')).rejects.toThrow('the token is not a valid JWT');
  });

  it("reads a customer's id and permissions from the configured claims", async () => {
    const caller = await verifierFor(issuer.url, { permissionsClaim: 'scope' }).verify(
      await issuer.token({ subject: 'user-7', extra: { scope: 'returns:read returns:write', customer_id: 'cust-7' } }),
    );

    expect(caller).toMatchObject({ subject: 'user-7', customerId: 'cust-7' });
    expect([...caller.permissions]).toEqual(['returns:read', 'returns:write']);
  });

  it('says the issuer is unavailable, not that the token is bad, when its keys cannot be had', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/realms/gone`;

    await expect(verifierFor(nowhere).verify(await issuer.token())).rejects.toThrow(IssuerUnavailable);
  });
});
