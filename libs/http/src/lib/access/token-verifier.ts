/**
 * Checks bearer tokens against one OpenID Connect issuer with jose: the signature by a key of the
 * issuer's JWKS, the issuer, the audience and the expiry. The JWKS address comes from the issuer's
 * discovery document unless configured; keys are cached, and a token signed with a key the cache
 * does not know makes jose fetch the set again (at most once per cooldown), so the issuer can rotate
 * its keys without any service restarting.
 *
 * A client sends the same token with every call until it expires, and checking its signature is the
 * dearest part of a call: a token that passed every check is remembered (by its exact text) until its
 * `exp` but for a minute at most, and is checked in full again after that, so an expired token is
 * refused exactly as before and a key the issuer withdraws stops counting at most a minute later
 * than without it. Tokens without an expiry, and refusals, are never remembered.
 */
import { JWTPayload, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Caller } from './caller';

export interface AccessSettings {
  /** The `iss` every token must carry, and where discovery starts. */
  readonly issuer: string;
  /** The `aud` every token must include. */
  readonly audience: string;
  /** Unset: the `jwks_uri` of the issuer's discovery document. */
  readonly jwksUrl?: string;
  /** Dot path of the claim listing the caller's permissions: a list of strings or a space-separated string. */
  readonly permissionsClaim: string;
  /** The claim holding a customer's id: a token carrying it is that customer's own. */
  readonly customerClaim: string;
  /** After fetching the key set, how long an unknown `kid` waits before the next fetch. */
  readonly jwksCooldownMs: number;
}

/** The token is not acceptable; `reason` is for the caller, without the token's contents. */
export class TokenRejected extends Error {}

/** The issuer's keys could not be had: not the caller's fault. */
export class IssuerUnavailable extends Error {}

// Symmetric algorithms would let anyone holding the shared secret mint tokens: only the issuer's key pairs count.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const FETCH_TIMEOUT_MS = 5_000;
const CLOCK_TOLERANCE_S = 5;
/** Verified tokens remembered at most; past it the oldest is forgotten first. */
const VERIFIED_TOKENS = 1_000;
/** How long a verified token is remembered at most, however long it is valid. */
const REMEMBERED_FOR_MS = 60_000;

export class TokenVerifier {
  private keys?: Promise<JWTVerifyGetKey>;
  /** Tokens that passed every check, with their caller and when (epoch ms) they must be checked again. */
  private readonly verified = new Map<string, { readonly caller: Caller; readonly expiresAt: number }>();

  constructor(private readonly settings: AccessSettings) {}

  async verify(token: string): Promise<Caller> {
    const remembered = this.verified.get(token);
    if (remembered && Date.now() < remembered.expiresAt) return remembered.caller;
    this.verified.delete(token);
    const keys = await this.keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_S,
      }));
    } catch (error) {
      throw rejection(error, this.settings);
    }
    const caller = this.callerOf(payload);
    if (payload.exp !== undefined)
      this.remember(token, caller, Math.min(payload.exp * 1000, Date.now() + REMEMBERED_FOR_MS));
    return caller;
  }

  private remember(token: string, caller: Caller, expiresAt: number): void {
    if (this.verified.size >= VERIFIED_TOKENS) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { caller, expiresAt });
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discoverKeys().catch((error: unknown) => {
      this.keys = undefined; // the next call asks the issuer again
      throw error;
    });
    return this.keys;
  }

  private async discoverKeys(): Promise<JWTVerifyGetKey> {
    const jwksUrl = this.settings.jwksUrl ?? (await this.discoveredJwksUrl());
    return createRemoteJWKSet(new URL(jwksUrl), {
      timeoutDuration: FETCH_TIMEOUT_MS,
      cooldownDuration: this.settings.jwksCooldownMs,
    });
  }

  private async discoveredJwksUrl(): Promise<string> {
    const url = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: { jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      document = (await response.json()) as { jwks_uri?: unknown };
    } catch (error) {
      throw new IssuerUnavailable(
        `the issuer's discovery document ${url} could not be read: ${(error as Error).message}`,
      );
    }
    if (typeof document.jwks_uri !== 'string') throw new IssuerUnavailable(`${url} names no jwks_uri`);
    return document.jwks_uri;
  }

  private callerOf(payload: JWTPayload): Caller {
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenRejected('the token names no subject');
    const client = payload['azp'] ?? payload['client_id'];
    const customerId = payload[this.settings.customerClaim];
    return {
      subject: payload.sub,
      clientId: typeof client === 'string' ? client : '',
      permissions: new Set(permissionsIn(claimAt(payload, this.settings.permissionsClaim))),
      ...(typeof customerId === 'string' && customerId !== '' && { customerId }),
    };
  }
}

function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), payload);
}

function permissionsIn(claim: unknown): string[] {
  if (typeof claim === 'string') return claim.split(' ').filter(Boolean);
  return Array.isArray(claim) ? claim.filter((entry): entry is string => typeof entry === 'string') : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejection(error: unknown, settings: AccessSettings): Error {
  if (error instanceof errors.JWTExpired) return new TokenRejected('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new TokenRejected(`the token is not for the audience ${settings.audience}`);
    if (error.claim === 'iss') return new TokenRejected(`the token was not issued by ${settings.issuer}`);
    return new TokenRejected(`the token's ${error.claim} claim is not acceptable: ${error.reason}`);
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenRejected(`the token is not signed by a key of ${settings.issuer}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new TokenRejected('the token is not signed with an allowed algorithm');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new IssuerUnavailable(`the issuer's keys could not be read: ${error.message}`);
  }
  if (error instanceof errors.JOSEError) return new TokenRejected('the token is not a valid JWT');
  // Anything else came from fetching the key set: fetch throws when the issuer cannot be reached.
  return new IssuerUnavailable(`the issuer's keys could not be read: ${(error as Error).message}`);
}
