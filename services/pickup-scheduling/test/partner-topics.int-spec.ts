import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  kafkaConnection,
  localKafkaPassword,
  KafkaJsBroker,
  partnerKafkaUser,
  partnerRegistrarAccess,
} from '@rebound/kafka';
import { PartnerTopics, ReturnApproved } from '@rebound/contracts';
import { localKafkaAdmin } from '@rebound/messaging/testing';
import { createLogger } from '@rebound/observability';
import { approvedReturn, partnerTerms, registerPartner, tracking } from './support/fixtures';
import { usePickupsWorld } from './support/pickups-world';

jest.setTimeout(60_000);

const seeded = partnerTerms({
  partnerId: `seeded-${randomUUID().slice(0, 8)}`,
  serviceAreas: [{ country: 'DE', postalPrefixes: ['806'] }],
  webhookSecret: 'seeded-partner-secret-0123456789abcdef',
});
const seedFile = join(tmpdir(), `partners-${randomUUID()}.json`);

// Registering makes each partner's Kafka user, as the local stack's registrar user lets it.
const registrar = partnerRegistrarAccess().user;
const registered: string[] = [];

describe('partners’ topics', () => {
  beforeAll(() => writeFile(seedFile, JSON.stringify([seeded])));
  const world = usePickupsWorld('pickups-partner-topics', {
    PARTNERS_SEED_FILE: seedFile,
    KAFKA_ADMIN_USERNAME: registrar,
    KAFKA_ADMIN_PASSWORD: localKafkaPassword(registrar),
  });
  afterAll(async () => {
    const admin = localKafkaAdmin();
    for (const partnerId of [seeded.partnerId, ...registered])
      await admin.revoke(partnerKafkaUser(partnerId, world().namespace));
  });

  it('gives a partner registered while the service runs a Kafka user that writes only its tracking topic, shown once', async () => {
    const { webhookSecret: _secret, ...terms } = partnerTerms();
    registered.push(terms.partnerId);

    const created = await world().http('POST', '/v1/partners', terms);
    const again = await world().http('POST', '/v1/partners', terms);

    expect(created.status).toBe(201);
    expect(created.body.kafka).toEqual({
      mechanism: 'scram-sha-512',
      username: partnerKafkaUser(terms.partnerId, world().namespace),
      password: expect.stringMatching(/^[\w-]{32}$/),
    });
    expect(again.status).toBe(409);
    const partner = new KafkaJsBroker({
      connection: kafkaConnection({
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_USERNAME: created.body.kafka.username,
        KAFKA_PASSWORD: created.body.kafka.password,
      }),
      clientId: 'partner-kafka-user',
      logger: createLogger({ service: 'partner-kafka-user', level: 'silent' }),
      namespace: world().namespace,
    }).producer();
    const message = (topic: string) => [{ topic, key: 'k', value: Buffer.from('{}'), headers: {} }];
    try {
      await expect(partner.send(message(PartnerTopics.tracking.nameFor(terms.partnerId)))).resolves.toBeUndefined();
      await expect(partner.send(message(PartnerTopics.tracking.nameFor(seeded.partnerId)))).rejects.toThrow(
        /authoriz/i,
      );
      await expect(partner.send(message(PartnerTopics.bookings.nameFor(terms.partnerId)))).rejects.toThrow(/authoriz/i);
    } finally {
      await partner.disconnect();
    }
  });

  it('hears from a partner registered while the service runs, on the partner’s new topic, at once', async () => {
    const partner = await registerPartner(
      world(),
      partnerTerms({ costPerPickupMinor: 1, serviceAreas: [{ country: 'DE', postalPrefixes: ['807'] }] }),
    );
    const address = { ...approvedReturn().pickup!.address, postalCode: '80700' };
    const approved = approvedReturn({ pickup: { ...approvedReturn().pickup!, address } });
    await world().publish(ReturnApproved, approved, approved.returnId);
    const pickup = await world().pickupOf(approved.returnId);
    expect(pickup.partnerId).toBe(partner.partnerId);

    await world().publishTracking(partner.partnerId, tracking(pickup.pickupId, 'picked_up'));

    const events = await world().waitForPickupEvents(approved.returnId, 'ParcelPickedUp', (seen) => seen.length === 2);
    expect(events.map((event) => event.type)).toEqual(['PickupScheduled', 'ParcelPickedUp']);
    const shown = await world().http('GET', `/v1/partners/${partner.partnerId}`);
    expect(shown.body).toMatchObject({
      trackingTopic: `partners.${partner.partnerId}.tracking.v1`,
      bookingsTopic: `partners.${partner.partnerId}.bookings.v1`,
    });
    expect(shown.body).not.toHaveProperty('webhookSecret');
  });

  it('registers the partners of PARTNERS_SEED_FILE at start-up, secret included, and books with them', async () => {
    const shown = await world().http('GET', `/v1/partners/${seeded.partnerId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ name: seeded.name, capabilities: seeded.capabilities });
    await world().watchBookings(seeded.partnerId);
    const address = { ...approvedReturn().pickup!.address, postalCode: '80600' };
    const approved = approvedReturn({ pickup: { ...approvedReturn().pickup!, address } });
    await world().publish(ReturnApproved, approved, approved.returnId);
    const pickup = await world().pickupOf(approved.returnId);

    const answer = await world().postWebhook(seeded.partnerId, seeded.webhookSecret!, {
      eventId: randomUUID(),
      ...tracking(pickup.pickupId, 'out_for_pickup'),
    });

    expect(answer.body).toEqual({ outcome: 'applied', state: 'out_for_pickup' });
  });

  it('records who registered and who last changed a partner, from their tokens; nobody for a seeded one', async () => {
    const caller = (subject: string) =>
      world().issuer.authorization({
        subject,
        clientId: 'rebound-ops',
        permissions: ['partners:admin', 'pickups:read'],
      });
    const [anna, ben, cleo] = await Promise.all([caller('ops-anna'), caller('ops-ben'), caller('ops-cleo')]);
    const { webhookSecret: _secret, ...terms } = partnerTerms();
    const { partnerId, ...changedTerms } = { ...terms, slaHours: 24 };

    const created = await world().http('POST', '/v1/partners', terms, anna);
    const changed = await world().http('PUT', `/v1/partners/${partnerId}`, changedTerms, ben);
    const afterChange = await world().http('GET', `/v1/partners/${partnerId}`, undefined, anna);
    await world().http('POST', `/v1/partners/${partnerId}/webhook-secret/rotate`, {}, cleo);
    const afterRotation = await world().http('GET', `/v1/partners/${partnerId}`, undefined, anna);

    const byAnna = { subject: 'ops-anna', clientId: 'rebound-ops' };
    const byBen = { subject: 'ops-ben', clientId: 'rebound-ops' };
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ createdBy: byAnna, updatedBy: byAnna });
    expect(created.body.updatedAt).toBe(created.body.createdAt);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ slaHours: 24, createdBy: byAnna, updatedBy: byBen });
    expect(Date.parse(changed.body.updatedAt)).toBeGreaterThan(Date.parse(created.body.createdAt));
    expect(afterChange.body).toEqual(changed.body);
    expect(afterRotation.body).toMatchObject({
      createdBy: byAnna,
      updatedBy: { subject: 'ops-cleo', clientId: 'rebound-ops' },
    });
    expect((await world().http('GET', `/v1/partners/${seeded.partnerId}`)).body).toMatchObject({
      createdBy: null,
      updatedBy: null,
    });
  });

  it('announces a partner’s coverage when it is registered and changed, and every partner’s again at start', async () => {
    const terms = partnerTerms({ serviceAreas: [{ country: 'AT', postalPrefixes: [] }] });
    await registerPartner(world(), terms);
    const registered = await world().waitForCoverage(
      terms.partnerId,
      'coverage at registration',
      (seen) => seen.length === 1,
    );
    expect(registered[0]).toMatchObject({
      type: 'PartnerCoverageChanged',
      subject: terms.partnerId,
      data: {
        partnerId: terms.partnerId,
        active: true,
        serviceAreas: [{ country: 'AT', postalPrefixes: [] }],
        capabilities: terms.capabilities,
        slotWindows: terms.slotWindows,
        horizonDays: 60,
      },
    });

    const { partnerId, webhookSecret: _secret, ...unchanged } = terms;
    const narrower = { ...unchanged, capabilities: ['mail_back'], slotWindows: [] };
    expect((await world().http('PUT', `/v1/partners/${partnerId}`, narrower)).status).toBe(200);
    const changed = await world().waitForCoverage(partnerId, 'coverage after the change', (seen) => seen.length === 2);
    expect(changed[1].data).toMatchObject({ capabilities: ['mail_back'], slotWindows: [] });

    const seededBefore = world().coverageOf(seeded.partnerId).length;
    await world().restart();

    const afterStart = await world().waitForCoverage(partnerId, 'coverage at start', (seen) => seen.length === 3);
    expect(afterStart[2].data).toMatchObject({ capabilities: ['mail_back'], slotWindows: [] });
    const seededAfterStart = await world().waitForCoverage(
      seeded.partnerId,
      'the seeded partner at start',
      (seen) => seen.length > seededBefore,
    );
    expect(seededAfterStart.at(-1)?.data).toMatchObject({ serviceAreas: seeded.serviceAreas });
  });
});
