/**
 * Standard Webhooks signing (https://www.standardwebhooks.com), with its maintained library: the
 * secret is `whsec_` and base64 of random bytes; the signature is HMAC-SHA256 of
 * `<webhook-id>.<webhook-timestamp>.<body>`, sent as `v1,<base64>`. While a rotated secret still
 * signs, the header holds one signature per live secret, space-separated, as the specification
 * allows, so a receiver holding either secret verifies.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** 24 random bytes, as the specification suggests (between 24 and 64). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The three Standard Webhooks headers of a message, signed with every live secret. */
export function signedHeaders(
  secrets: readonly string[],
  messageId: string,
  at: Date,
  body: string,
): Record<string, string> {
  if (secrets.length === 0) throw new Error(`no live secret to sign ${messageId} with`);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}
