/**
 * Tokens from the local stack's Keycloak (`scripts/stack up`), for the tests that must show the
 * services accept what a real OpenID Connect provider issues: a client's own token (client
 * credentials, the local secrets of scripts/keycloak/rebound-realm.json) and a customer's (the
 * password grant of the customer app, local passwords only).
 */
export const KEYCLOAK_ISSUER = process.env['OIDC_ISSUER'] ?? 'http://127.0.0.1:8180/realms/rebound';

/** What points a service at the local Keycloak instead of a test's own issuer. */
export const KEYCLOAK_ENV: Readonly<Record<string, string>> = {
  OIDC_ISSUER: KEYCLOAK_ISSUER,
  OIDC_AUDIENCE: 'rebound-api',
};

/** The `Authorization` header of a client of the realm, with its service account's permissions. */
export async function keycloakClient(clientId: string): Promise<{ authorization: string }> {
  return bearer(
    await tokenFor({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: `${clientId}-local-secret`,
    }),
  );
}

/** The `Authorization` header of a customer of the realm signed in through the customer app. */
export async function keycloakCustomer(username: string): Promise<{ authorization: string }> {
  return bearer(
    await tokenFor({
      grant_type: 'password',
      client_id: 'rebound-customer',
      username,
      password: `${username}-local-password`,
      scope: 'openid',
    }),
  );
}

async function tokenFor(form: Record<string, string>): Promise<string> {
  const response = await fetch(`${KEYCLOAK_ISSUER}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token) {
    throw new Error(`Keycloak refused a token to ${form['client_id']}: ${response.status} ${body.error_description}`);
  }
  return body.access_token;
}

/** The subject a caller's bearer token names (read, not verified: the test's own token). */
export function subjectOf(caller: { authorization: string }): string {
  const payload = caller.authorization.split('.')[1] ?? '';
  return String(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub);
}

function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
