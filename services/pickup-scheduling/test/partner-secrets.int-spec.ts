/**
 * Partners' webhook credentials: secrets the service generates and shows once, kept encrypted in
 * Postgres (existing plaintext ones sealed by the migration), rotated with an overlap in which old and
 * new both verify, and a partner's own OAuth client's token from Keycloak in place of a signature —
 * for the partner's own pickups only.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReturnApproved } from '@rebound/contracts';
import { messagingMigrations } from '@rebound/messaging';
import { createSchemaDataSource, runMigrations } from '@rebound/persistence';
import { KEYCLOAK_ENV, TestSchema, keycloakClient, subjectOf, waitUntil } from '@rebound/testing';
import { CreatePickupScheduling1795738675399 } from '../src/persistence/migrations/1795738675399-CreatePickupScheduling';
import { encryptPartnerSecrets } from '../src/persistence/migrations/1796213950849-EncryptPartnerSecrets';
import { partnerSecretCipher } from '../src/persistence/partner-secret-cipher';
import { approvedReturn, partnerTerms, registerPartner, tracking } from './support/fixtures';
import { usePickupsWorld, type PickupsWorld } from './support/pickups-world';

jest.setTimeout(60_000);

type Caller = { authorization: string };

function event(pickupId: string, status = 'out_for_pickup') {
  return { eventId: randomUUID(), ...tracking(pickupId, status) };
}

/** A carrier pickup booked with the cheapest partner serving `country`, read as `caller`. */
async function bookedIn(world: PickupsWorld, country: string, caller?: Caller) {
  const approved = approvedReturn({
    shippingRegion: country,
    pickup: { ...approvedReturn().pickup!, address: { ...approvedReturn().pickup!.address, country } },
  });
  await world.publish(ReturnApproved, approved, approved.returnId);
  return waitUntil(`a pickup for return ${approved.returnId}`, async () => {
    const answer = await world.http('GET', `/v1/pickups?returnId=${approved.returnId}`, undefined, caller);
    return answer.body.items?.[0];
  });
}

describe('partners’ webhook secrets', () => {
  const world = usePickupsWorld('pickups-partner-secrets');

  it('generates each partner’s secret itself, shows it only once, and refuses one a caller chooses', async () => {
    const terms = partnerTerms();
    const chosen = await world().http('POST', '/v1/partners', { ...terms, webhookSecret: 'x'.repeat(40) });
    expect(chosen.status).toBe(400);
    expect(chosen.body.errors).toEqual([{ field: 'webhookSecret', message: 'is not allowed' }]);

    const created = await world().http('POST', '/v1/partners', terms);
    expect(created.status).toBe(201);
    expect(created.body.webhookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const shown = await world().http('GET', `/v1/partners/${terms.partnerId}`);
    expect(shown.body).not.toHaveProperty('webhookSecret');
  });

  it('keeps secrets encrypted in Postgres: no plaintext column, and the sealed value does not contain the secret', async () => {
    const partner = await registerPartner(world(), partnerTerms());

    const columns = await world().schema.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'partners'`,
    );
    expect(columns.map((column) => column['column_name'])).not.toContain('webhook_secret');
    const [row] = await world().schema.query('SELECT webhook_secret_sealed FROM partners WHERE partner_id = $1', [
      partner.partnerId,
    ]);
    const sealed = String(row?.['webhook_secret_sealed']);
    expect(sealed).toMatch(/^v1\.[0-9a-f]{16}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed).not.toContain(partner.webhookSecret);
    expect(sealed).not.toContain(Buffer.from(partner.webhookSecret).toString('base64url'));
  });

  it('stops the replaced secret at once with previousValidForSeconds 0, and refuses an overlap beyond a week', async () => {
    const partner = await registerPartner(world(), partnerTerms());
    const rotate = (body: object) =>
      world().http('POST', `/v1/partners/${partner.partnerId}/webhook-secret/rotate`, body);

    const tooLong = await rotate({ previousValidForSeconds: 7 * 24 * 3600 + 1 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors.map((error: { field: string }) => error.field)).toEqual(['previousValidForSeconds']);
    const unknown = await world().http('POST', '/v1/partners/no-such-partner/webhook-secret/rotate', {});
    expect([unknown.status, unknown.body.type]).toEqual([404, 'https://rebound.dev/problems/partner-not-found']);

    const immediate = await rotate({ previousValidForSeconds: 0 });
    expect(immediate.body.previousValidUntil).toBeNull();
    const byOld = await world().postWebhook(partner.partnerId, partner.webhookSecret, event(randomUUID()));
    expect([byOld.status, byOld.body.type]).toEqual([401, 'https://rebound.dev/problems/invalid-signature']);
    // Signed with the new secret, the call gets past authentication: the pickup is simply unknown.
    const byNew = await world().postWebhook(partner.partnerId, immediate.body.webhookSecret, event(randomUUID()));
    expect(byNew.status).toBe(422);
  });
});

describe('the migration that encrypts existing partners’ secrets', () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await TestSchema.create('pickups_secret_migration');
  });

  afterAll(() => schema?.drop());

  it('seals each plaintext secret under the configured key, drops the plaintext, and restores it when undone', async () => {
    const cipher = partnerSecretCipher(Buffer.alloc(32, 7));
    const before = createSchemaDataSource({
      url: schema.url,
      schema: schema.name,
      migrations: [...messagingMigrations, CreatePickupScheduling1795738675399],
    });
    await before.initialize();
    await runMigrations(before);
    await before.query(
      `INSERT INTO partners (partner_id, name, active, service_areas, capabilities, slot_windows, cost_per_pickup_minor,
         currency, sla_hours, destination_warehouse_id, webhook_secret, created_at, updated_at)
       VALUES ('legacy', 'Legacy', true, '[]', '{mail_back}', '[]', 1, 'EUR', 24, 'wh-berlin', $1, now(), now())`,
      ['legacy-plaintext-secret-0123456789abcdef'],
    );
    await before.destroy();

    const after = createSchemaDataSource({
      url: schema.url,
      schema: schema.name,
      // Up to this migration only, so that undoing the last one undoes it.
      migrations: [...messagingMigrations, CreatePickupScheduling1795738675399, encryptPartnerSecrets(cipher)],
    });
    await after.initialize();
    try {
      await runMigrations(after);
      const [row] = await after.query('SELECT * FROM partners');
      expect(row).not.toHaveProperty('webhook_secret');
      expect(row.webhook_secret_sealed).not.toContain('legacy-plaintext');
      expect(cipher.open('legacy', row.webhook_secret_sealed)).toBe('legacy-plaintext-secret-0123456789abcdef');
      // Bound to its partner: the same sealed value does not open as another partner's.
      expect(() => cipher.open('other', row.webhook_secret_sealed)).toThrow();

      await after.undoLastMigration();
      const [undone] = await after.query('SELECT * FROM partners');
      expect(undone).toMatchObject({ webhook_secret: 'legacy-plaintext-secret-0123456789abcdef' });
      expect(undone).not.toHaveProperty('webhook_secret_sealed');
    } finally {
      await after.destroy();
    }
  });
});

describe('a partner’s webhook with its own OAuth client’s token from Keycloak', () => {
  const world = usePickupsWorld('pickups-partner-tokens', { ...KEYCLOAK_ENV });
  let ops: Caller;
  let swiftback: Caller;
  let parcelpoint: Caller;
  let swift: string;
  let parcel: string;

  beforeAll(async () => {
    [ops, swiftback, parcelpoint] = await Promise.all([
      keycloakClient('rebound-ops'),
      keycloakClient('partner-swiftback'),
      keycloakClient('partner-parcelpoint'),
    ]);
    // SwiftBack is the cheaper in Luxembourg, so it gets the pickups booked there.
    const register = async (oauthClientId: string, costPerPickupMinor: number) => {
      const terms = partnerTerms({
        oauthClientId,
        costPerPickupMinor,
        serviceAreas: [{ country: 'LU', postalPrefixes: [] }],
      });
      const answer = await world().http('POST', '/v1/partners', terms, ops);
      expect(answer.status).toBe(201);
      expect(answer.body.oauthClientId).toBe(oauthClientId);
      return terms.partnerId;
    };
    swift = await register('partner-swiftback', 100);
    parcel = await register('partner-parcelpoint', 900);
  });

  const post = (partnerId: string, body: object, caller: Caller) =>
    world().partnerHttp('POST', `/v1/partners/${partnerId}/tracking-events`, body, caller);

  it('accepts the partner’s own token, unsigned, for its own pickup', async () => {
    const pickup = await bookedIn(world(), 'LU', ops);
    expect(pickup.partnerId).toBe(swift);

    const answer = await post(swift, event(pickup.pickupId), swiftback);

    expect([answer.status, answer.body]).toEqual([202, { outcome: 'applied', state: 'out_for_pickup' }]);
    const shown = await world().http('GET', `/v1/pickups/${pickup.pickupId}`, undefined, ops);
    expect(shown.body.tracking.map((entry: { channel: string }) => entry.channel)).toEqual(['webhook']);
  });

  it('refuses another partner’s pickup to a partner’s own token (403), as it refuses a signed call', async () => {
    const pickup = await bookedIn(world(), 'LU', ops);

    const answer = await post(parcel, event(pickup.pickupId, 'picked_up'), parcelpoint);

    expect([answer.status, answer.body.type]).toEqual([403, 'https://rebound.dev/problems/foreign-pickup']);
  });

  it('refuses a token of a client that is not the partner’s, one without tracking:report, and a bad token', async () => {
    const pickup = await bookedIn(world(), 'LU', ops);

    const otherPartners = await post(swift, event(pickup.pickupId), parcelpoint);
    const notAPartner = await post(swift, event(pickup.pickupId), ops);
    const forged = await post(swift, event(pickup.pickupId), { authorization: 'Bearer not-a-token' });
    const noSuchPartner = await post('no-such-partner', event(pickup.pickupId), swiftback);

    expect([otherPartners.status, otherPartners.body.type]).toEqual([
      403,
      'https://rebound.dev/problems/not-partner-client',
    ]);
    expect(otherPartners.body.detail).toBe(
      `the token's client partner-parcelpoint is not the OAuth client registered for partner ${swift}`,
    );
    expect([notAPartner.status, notAPartner.body.type]).toEqual([
      403,
      'https://rebound.dev/problems/permission-missing',
    ]);
    expect([forged.status, forged.body.type]).toEqual([401, 'https://rebound.dev/problems/invalid-token']);
    expect([noSuchPartner.status, noSuchPartner.body.type]).toEqual([
      403,
      'https://rebound.dev/problems/not-partner-client',
    ]);
    const shown = await world().http('GET', `/v1/pickups/${pickup.pickupId}`, undefined, ops);
    expect([shown.body.state, shown.body.tracking]).toEqual(['scheduled', []]);
  });

  it('rotates a secret for ops with their token: both verify during the overlap, only the new one after it, and who rotated is recorded', async () => {
    const registered = await world().http(
      'POST',
      '/v1/partners',
      partnerTerms({ serviceAreas: [{ country: 'BE', postalPrefixes: [] }] }),
      ops,
    );
    const partner = registered.body;
    const pickup = await bookedIn(world(), 'BE', ops);

    const rotated = await world().http(
      'POST',
      `/v1/partners/${partner.partnerId}/webhook-secret/rotate`,
      { previousValidForSeconds: 1 },
      ops,
    );

    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({
      partnerId: partner.partnerId,
      rotatedBy: { subject: subjectOf(ops), clientId: 'rebound-ops' },
    });
    const fresh = rotated.body.webhookSecret;
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(partner.webhookSecret);
    expect(Date.parse(rotated.body.previousValidUntil) - Date.parse(rotated.body.rotatedAt)).toBe(1000);
    const [row] = await world().schema.query('SELECT webhook_secret_rotated_by FROM partners WHERE partner_id = $1', [
      partner.partnerId,
    ]);
    expect(row?.['webhook_secret_rotated_by']).toEqual({ subject: subjectOf(ops), clientId: 'rebound-ops' });

    const byOld = await world().postWebhook(partner.partnerId, partner.webhookSecret, event(pickup.pickupId));
    const byNew = await world().postWebhook(partner.partnerId, fresh, event(pickup.pickupId, 'picked_up'));
    expect([byOld.status, byNew.status]).toEqual([202, 202]);

    await sleep(1_100);
    const oldAfter = await world().postWebhook(
      partner.partnerId,
      partner.webhookSecret,
      event(pickup.pickupId, 'in_transit'),
    );
    const newAfter = await world().postWebhook(partner.partnerId, fresh, event(pickup.pickupId, 'in_transit'));
    expect([oldAfter.status, oldAfter.body.type]).toEqual([401, 'https://rebound.dev/problems/invalid-signature']);
    expect(newAfter.body).toEqual({ outcome: 'applied', state: 'in_transit' });
  });
});
