/**
 * Partner webhooks are signed: `Rebound-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`
 * with the partner's secret, and `Rebound-Timestamp: <unix seconds>`. Signing the timestamp with the
 * body and refusing timestamps far from now stops a captured request from being replayed later;
 * within the tolerance, the event id makes a repeat change nothing. While a rotated secret's
 * overlap lasts, a partner has two secrets and a signature by either verifies.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'rebound-timestamp';
export const SIGNATURE_HEADER = 'rebound-signature';

export type SignatureCheck =
  { readonly valid: true } | { readonly valid: false; readonly slug: string; readonly detail: string };

export function signWebhook(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export function checkWebhookSignature(input: {
  /** Every secret that verifies now; a signature by any of them is valid. */
  readonly secrets: readonly string[];
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly rawBody: Buffer;
  readonly now: Date;
  readonly toleranceSeconds: number;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) {
    return {
      valid: false,
      slug: 'missing-signature',
      detail: `headers Rebound-Timestamp and Rebound-Signature are required`,
    };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { valid: false, slug: 'malformed-signature', detail: 'Rebound-Timestamp must be unix time in seconds' };
  }
  const skew = Math.round(Math.abs(input.now.getTime() / 1000 - Number(timestamp)));
  if (skew > input.toleranceSeconds) {
    return {
      valid: false,
      slug: 'stale-timestamp',
      detail: `Rebound-Timestamp is ${skew} s away from now; at most ${input.toleranceSeconds} s are accepted, so a replayed or long-delayed request is refused`,
    };
  }
  if (!/^v1=[0-9a-f]{64}$/.test(signature)) {
    return { valid: false, slug: 'malformed-signature', detail: 'Rebound-Signature must be v1=<64 hex digits>' };
  }
  const given = Buffer.from(signature);
  // Every secret is compared, each in constant time: how long the check takes tells nothing of which matched.
  const matches = input.secrets.map((secret) =>
    timingSafeEqual(Buffer.from(signWebhook(secret, timestamp, input.rawBody)), given),
  );
  if (!matches.includes(true)) {
    return {
      valid: false,
      slug: 'invalid-signature',
      detail: 'Rebound-Signature does not match the timestamp and body signed with the partner’s secret',
    };
  }
  return { valid: true };
}
