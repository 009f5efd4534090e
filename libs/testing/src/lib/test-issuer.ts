/**
 * An OpenID Connect issuer of the test's own, in-process: a discovery document and a JWKS over HTTP
 * and RS256 tokens minted with whatever claims a test needs — any permissions, an expiry in the
 * past, the wrong audience, another key. Services verify its tokens exactly as they verify
 * Keycloak's (discovery, JWKS, jose); the tests that must show Keycloak's own tokens work use the
 * local stack's Keycloak instead (see keycloak.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type CryptoKey } from 'jose';
import { PERMISSIONS } from '@rebound/contracts';

export const TEST_AUDIENCE = 'rebound-api';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export interface TestTokenClaims {
  /** Every permission unless given. */
  readonly permissions?: readonly string[];
  readonly subject?: string;
  readonly clientId?: string;
  readonly audience?: string;
  /** Seconds from now; negative for a token that has already expired. */
  readonly expiresIn?: number;
  readonly customerId?: string;
  /** Signed by a key the issuer never published, under the key id of one it did. */
  readonly foreignKey?: boolean;
  /** Further claims, as they are (another issuer's `scope`, say). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export class TestIssuer {
  /** How many times the key set was fetched. */
  jwksFetches = 0;

  private readonly server = createServer((request, response) => {
    const body =
      request.url === '/.well-known/openid-configuration'
        ? { issuer: this.url, jwks_uri: `${this.url}/jwks` }
        : request.url === '/jwks'
          ? this.publishedKeys()
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  private port = 0;

  private constructor(
    private readonly keys: SigningKey[],
    private readonly foreign: SigningKey,
  ) {}

  static async start(): Promise<TestIssuer> {
    const issuer = new TestIssuer([await signingKey()], await signingKey());
    await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
    issuer.port = (issuer.server.address() as AddressInfo).port;
    return issuer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What points a service at this issuer. */
  get env(): Record<string, string> {
    return { OIDC_ISSUER: this.url, OIDC_AUDIENCE: TEST_AUDIENCE };
  }

  /** A signed access token; by default a client's, with every permission, valid for an hour. */
  async token(claims: TestTokenClaims = {}): Promise<string> {
    const current = this.keys[this.keys.length - 1];
    const key = claims.foreignKey ? this.foreign : current;
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = claims.expiresIn ?? 3600;
    return new SignJWT({
      azp: claims.clientId ?? 'rebound-test',
      realm_access: { roles: [...(claims.permissions ?? PERMISSIONS)] },
      ...(claims.customerId && { customer_id: claims.customerId }),
      ...claims.extra,
    })
      .setProtectedHeader({ alg: 'RS256', kid: current.kid, typ: 'JWT' })
      .setIssuer(this.url)
      .setAudience(claims.audience ?? TEST_AUDIENCE)
      .setSubject(claims.subject ?? randomUUID())
      .setIssuedAt(Math.min(now, now + expiresIn - 60))
      .setExpirationTime(now + expiresIn)
      .sign(key.privateKey);
  }

  /** `Authorization` header of `token(claims)`. */
  async authorization(claims: TestTokenClaims = {}): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await this.token(claims)}` };
  }

  /** A new signing key, published beside the old ones; tokens are signed with it from now on. */
  async rotateKey(): Promise<void> {
    this.keys.push(await signingKey());
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private publishedKeys(): { keys: JWK[] } {
    this.jwksFetches += 1;
    return { keys: this.keys.map((key) => key.publicJwk) };
  }
}

async function signingKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}
