import { Webhook } from 'standardwebhooks';
import { newSigningSecret, signedHeaders } from './signing';

describe('Standard Webhooks signing', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'return.approved', data: {} });

  it('makes whsec_ secrets of 24 random bytes, never twice the same', () => {
    const secret = newSigningSecret();

    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(newSigningSecret()).not.toBe(secret);
  });

  it('signs so that the library verifies the body with the headers', () => {
    const secret = newSigningSecret();
    const headers = signedHeaders([secret], 'evt_1', new Date(), body);

    expect(headers['webhook-id']).toBe('evt_1');
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('signs with every live secret, so a receiver holding either one verifies during a rotation', () => {
    const [current, previous] = [newSigningSecret(), newSigningSecret()];
    const headers = signedHeaders([current, previous], 'evt_1', new Date(), body);

    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow(/No matching signature/);
  });

  it('refuses to send unsigned', () => {
    expect(() => signedHeaders([], 'evt_1', new Date(), body)).toThrow(/no live secret/);
  });
});
