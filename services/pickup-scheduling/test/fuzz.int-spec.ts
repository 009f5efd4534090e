/**
 * The fuzz suite for pickup-scheduling: hundreds of hostile inputs on every edge — each REST
 * operation, the partners' webhook signed, with the partner's own token and unauthenticated, each consumed topic (partners' tracking
 * topics included) — each refused specifically (a 400 naming the field, a 401 for an unsigned
 * webhook, a dead letter saying why), none a 5xx, and the schema unchanged.
 * FUZZ_SEED=<seed> replays a run.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ReturnApproved, ReturnCancelled, Services, TrackingReported, type EventClass } from '@rebound/contracts';
import { fuzzConsumedEvents } from '@rebound/messaging/testing';
import { committedDocument, expectEdgeHolds, fuzzRest, fuzzSeed, operationsOf } from '@rebound/testing';
import { signWebhook } from '../src/api/webhook-signature';
import { approvedReturn, cancelledReturn, partnerTerms, registerPartner, tracking } from './support/fixtures';
import { usePickupsWorld } from './support/pickups-world';

jest.setTimeout(600_000);

const seed = fuzzSeed();
const OPENAPI = join(__dirname, '../openapi.json');
const WEBHOOK = 'POST /v1/partners/{partnerId}/tracking-events';

describe('pickup-scheduling under hostile input', () => {
  const world = usePickupsWorld('pickups-fuzz');

  it('refuses every hostile REST request with a specific 4xx and changes nothing', async () => {
    const partner = await registerPartner(world(), partnerTerms());
    const document = await committedDocument(OPENAPI);
    const administered = operationsOf(document)
      .map((operation) => operation.key)
      .filter((key) => key !== WEBHOOK);
    await expectEdgeHolds('pickup-scheduling REST', world().schema, seed, async () =>
      fuzzRest(document, {
        baseUrl: world().app.httpUrl,
        caller: world().trustedCaller,
        perOperation: 150,
        seed,
        only: administered,
        pathValues: { partnerId: partner.partnerId },
      }),
    );
  });

  it('refuses every hostile signed webhook call with a specific 4xx, and changes nothing', async () => {
    const partner = await registerPartner(world(), partnerTerms());
    await expectEdgeHolds('pickup-scheduling signed webhook', world().schema, seed, async () =>
      fuzzRest(await committedDocument(OPENAPI), {
        baseUrl: world().app.httpUrl,
        perOperation: 150,
        seed,
        only: [WEBHOOK],
        pathValues: { partnerId: partner.partnerId },
        samples: { [WEBHOOK]: tracking(randomUUID(), 'picked_up') },
        headers: (_operation, rawBody) => {
          const timestamp = String(Math.floor(Date.now() / 1000));
          return {
            'rebound-timestamp': timestamp,
            'rebound-signature': signWebhook(partner.webhookSecret, timestamp, rawBody),
          };
        },
      }),
    );
  });

  it('refuses every hostile webhook call with the partner’s own token with a specific 4xx, and changes nothing', async () => {
    const oauthClientId = `client-${randomUUID()}`;
    const partner = await registerPartner(world(), partnerTerms({ oauthClientId }));
    const token = await world().issuer.authorization({ clientId: oauthClientId, permissions: ['tracking:report'] });
    await expectEdgeHolds('pickup-scheduling webhook with a token', world().schema, seed, async () =>
      fuzzRest(await committedDocument(OPENAPI), {
        baseUrl: world().app.httpUrl,
        caller: token,
        perOperation: 150,
        seed,
        only: [WEBHOOK],
        pathValues: { partnerId: partner.partnerId },
        samples: { [WEBHOOK]: tracking(randomUUID(), 'picked_up') },
      }),
    );
  });

  it('refuses every hostile unsigned webhook call before reading its fields, and changes nothing', async () => {
    const partner = await registerPartner(world(), partnerTerms());
    await expectEdgeHolds('pickup-scheduling unsigned webhook', world().schema, seed, async () =>
      fuzzRest(await committedDocument(OPENAPI), {
        baseUrl: world().app.httpUrl,
        perOperation: 300,
        seed,
        only: [WEBHOOK],
        unauthenticated: true,
        pathValues: { partnerId: partner.partnerId },
        samples: { [WEBHOOK]: tracking(randomUUID(), 'picked_up') },
      }),
    );
  });

  it('dead-letters every hostile event on every topic it consumes, saying why, and applies none', async () => {
    const partner = await registerPartner(world(), partnerTerms());
    const approved = approvedReturn();
    const samples = new Map<EventClass, object>([
      [ReturnApproved, approved],
      [ReturnCancelled, cancelledReturn(approved)],
      [TrackingReported, tracking(randomUUID(), 'picked_up')],
    ]);
    await expectEdgeHolds('pickup-scheduling Kafka', world().schema, seed, () =>
      fuzzConsumedEvents(world().app.app, {
        namespace: world().namespace,
        service: Services.pickupScheduling,
        samples,
        subject: approved.returnId,
        partnerId: partner.partnerId,
        perTopic: 300,
        seed,
      }),
    );
  });
});
