/**
 * Where the platform's tools (the bring-up, the demo inspector, the benchmark, the end-to-end tests)
 * get the bearer tokens the services require: the client-credentials grant at the OIDC issuer, one
 * client per job so each tool holds only the permissions its calls need. A token is kept and reused
 * until shortly before it expires — Keycloak's live five minutes, runs take longer.
 *
 * The issuer is OIDC_ISSUER (the local Keycloak realm by default); a client's secret is
 * `<CLIENT_ID>_SECRET` (`rebound-storefront` → REBOUND_STOREFRONT_SECRET), by default the local
 * realm's `<clientId>-local-secret`.
 */

export const LOCAL_ISSUER = 'http://127.0.0.1:8180/realms/rebound';

/** The realm's clients the tools call as, each with the least the tools' calls need (docs/security.md). */
export type ToolClient =
  'rebound-storefront' | 'rebound-commerce' | 'rebound-support' | 'rebound-warehouse' | 'rebound-ops';

/** Unless asked otherwise, a kept token is used while it has this much life left. */
const DEFAULT_VALID_FOR_MS = 30_000;

/** The issuer refused a token, or could not be reached: which client, which issuer, why. */
export class TokenRefusedError extends Error {
  override readonly name = 'TokenRefusedError';
}

interface TokenAnswer {
  readonly access_token?: string;
  readonly expires_in?: number;
}

export class ClientCredentials {
  private kept: { readonly token: string; readonly expiresAt: number } | undefined;
  /** The request under way, which every caller waiting for a token shares. */
  private pending: Promise<string> | undefined;

  constructor(
    readonly issuer: string,
    readonly clientId: string,
    private readonly secret: string,
  ) {}

  /**
   * A token that stays valid at least `validForMs` more (30 s unless given): the kept one, or a new
   * one. Fails if even a new token would not live that long.
   */
  async token({ validForMs = DEFAULT_VALID_FOR_MS }: { validForMs?: number } = {}): Promise<string> {
    if (this.kept && this.kept.expiresAt - Date.now() >= validForMs) return this.kept.token;
    this.pending ??= this.request().finally(() => (this.pending = undefined));
    const token = await this.pending;
    const left = (this.kept?.expiresAt ?? 0) - Date.now();
    if (left < validForMs) {
      throw new TokenRefusedError(
        `${this.clientId}'s tokens from ${this.issuer} live ${Math.floor(left / 1000)} s, ` +
          `less than the ${Math.ceil(validForMs / 1000)} s they are needed for`,
      );
    }
    return token;
  }

  /** The `authorization` header of `token(options)`. */
  async authorization(options: { validForMs?: number } = {}): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await this.token(options)}` };
  }

  /** Forgets the kept token, so the next call asks for a new one (after the service refused it). */
  forget(): void {
    this.kept = undefined;
  }

  private async request(): Promise<string> {
    const endpoint = `${this.issuer}/protocol/openid-connect/token`;
    const refused = (why: string) => new TokenRefusedError(`${endpoint} gave client ${this.clientId} no token: ${why}`);
    const asked = Date.now();
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.clientId,
          client_secret: this.secret,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      throw refused(`the issuer is unreachable (${cause?.code ?? cause?.message ?? (error as Error).message})`);
    }
    const text = await response.text();
    if (!response.ok) throw refused(`answered ${response.status}: ${text.slice(0, 300)}`);
    let answer: TokenAnswer;
    try {
      answer = JSON.parse(text) as TokenAnswer;
    } catch {
      throw refused(`answered ${response.status} with no JSON: ${text.slice(0, 300)}`);
    }
    if (typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      throw refused(`answered ${response.status} without access_token and expires_in`);
    }
    // Counted from when it was asked for, so a slow answer never makes the token seem to live longer.
    this.kept = { token: answer.access_token, expiresAt: asked + answer.expires_in * 1000 };
    return answer.access_token;
  }
}

/** The issuer the tools ask for tokens: OIDC_ISSUER, the services' own setting, or the local Keycloak realm. */
export function oidcIssuer(env: NodeJS.ProcessEnv = process.env): string {
  return (env['OIDC_ISSUER'] || LOCAL_ISSUER).replace(/\/+$/, '');
}

/** The variable holding `clientId`'s secret: `rebound-storefront` → REBOUND_STOREFRONT_SECRET. */
export function clientSecretVariable(clientId: string): string {
  return `${clientId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_SECRET`;
}

const clients = new Map<string, ClientCredentials>();

/**
 * `clientId`'s credentials at OIDC_ISSUER, with its secret from `<CLIENT_ID>_SECRET`; one per client
 * and issuer in a process, so every call as that client shares its kept token.
 */
export function clientCredentials(clientId: ToolClient, env: NodeJS.ProcessEnv = process.env): ClientCredentials {
  const issuer = oidcIssuer(env);
  const secret = env[clientSecretVariable(clientId)] || `${clientId}-local-secret`;
  const key = `${issuer} ${clientId} ${secret}`;
  let credentials = clients.get(key);
  if (!credentials) {
    credentials = new ClientCredentials(issuer, clientId, secret);
    clients.set(key, credentials);
  }
  return credentials;
}
