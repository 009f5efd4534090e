import { checkWebhookSignature, signWebhook } from './webhook-signature';

const secret = 's'.repeat(32);
const body = Buffer.from('{"status":"picked_up"}');
const now = new Date('2026-11-27T10:00:00Z');
const timestamp = String(now.getTime() / 1000);

function check(overrides: Partial<Parameters<typeof checkWebhookSignature>[0]>) {
  return checkWebhookSignature({
    secrets: [secret],
    timestamp,
    signature: signWebhook(secret, timestamp, body),
    rawBody: body,
    now,
    toleranceSeconds: 300,
    ...overrides,
  });
}

describe('webhook signatures', () => {
  it('accepts a body signed with the partner’s secret within the tolerance', () => {
    expect(check({})).toEqual({ valid: true });
    expect(check({ now: new Date(now.getTime() + 299_000) })).toEqual({ valid: true });
  });

  it('refuses a body changed after signing, or signed with another secret', () => {
    expect(check({ rawBody: Buffer.from('{"status":"delivered_to_warehouse"}') })).toMatchObject({
      valid: false,
      slug: 'invalid-signature',
    });
    expect(check({ signature: signWebhook('x'.repeat(32), timestamp, body) })).toMatchObject({
      slug: 'invalid-signature',
    });
  });

  it('accepts a signature by any of the partner’s secrets while a rotation overlaps, and by no other', () => {
    const rotated = 'r'.repeat(43);
    const secrets = [rotated, secret];
    expect(check({ secrets })).toEqual({ valid: true });
    expect(check({ secrets, signature: signWebhook(rotated, timestamp, body) })).toEqual({ valid: true });
    expect(check({ secrets: [rotated] })).toMatchObject({ slug: 'invalid-signature' });
  });

  it('refuses a request replayed after the tolerance, saying how far off its timestamp is', () => {
    expect(check({ now: new Date(now.getTime() + 301_000) })).toEqual({
      valid: false,
      slug: 'stale-timestamp',
      detail: expect.stringContaining('301 s away from now; at most 300 s'),
    });
  });

  it('refuses a timestamp re-signed into the body’s signature by someone without the secret', () => {
    const later = String(Number(timestamp) + 10);
    expect(check({ timestamp: later, now: new Date(now.getTime() + 10_000) })).toMatchObject({
      slug: 'invalid-signature',
    });
  });

  it('names a missing or malformed header', () => {
    expect(check({ signature: undefined })).toMatchObject({ slug: 'missing-signature' });
    expect(check({ timestamp: 'yesterday' })).toMatchObject({ slug: 'malformed-signature' });
    expect(check({ signature: 'sha256=abc' })).toMatchObject({ slug: 'malformed-signature' });
  });
});
