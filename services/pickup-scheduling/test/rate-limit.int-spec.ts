/**
 * The signed partner webhook, an open route with no token, is rate-limited per partner: one partner
 * over its budget does not hold up another.
 */
import { partnerTerms, registerPartner } from './support/fixtures';
import { usePickupsWorld } from './support/pickups-world';

jest.setTimeout(60_000);

const LIMIT = 2;

describe('rate limits on the partner webhook', () => {
  const world = usePickupsWorld('pickups-rate-limit', { RATE_LIMIT_WRITES_PER_MINUTE: String(LIMIT) });

  it('refuses a partner’s webhook calls over its budget with 429 and Retry-After, and still serves another partner', async () => {
    const swift = await registerPartner(world(), partnerTerms());
    const parcel = await registerPartner(world(), partnerTerms());

    // Refused as malformed, but calls all the same: each spends the partner's budget.
    for (let n = 0; n < LIMIT; n += 1) {
      expect((await world().postWebhook(swift.partnerId, swift.webhookSecret, {})).status).toBe(400);
    }
    const refused = await world().postWebhook(swift.partnerId, swift.webhookSecret, {});
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({ type: 'https://rebound.dev/problems/rate-limited', status: 429 });

    expect((await world().postWebhook(parcel.partnerId, parcel.webhookSecret, {})).status).toBe(400);
  });
});
