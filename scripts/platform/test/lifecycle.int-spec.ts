/**
 * End to end: the six services, the partner simulators, the demo inspector and a payment sandbox as
 * separate processes on the real broker and database — the bring-up's platform under a Kafka topic
 * namespace and database schemas of this run's own — driving the bring-up's sample returns through
 * the whole lifecycle over the public APIs only, each call with a token from the local Keycloak for
 * the least-privileged client that may make it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  kafkaConnection,
  KafkaJsBroker,
  partnerKafkaUser,
  partnerRegistrarAccess,
  physicalTopic,
  serviceKafkaUser,
} from '@rebound/kafka';
import { Services, Topics, TrackingReported, encodeEvent } from '@rebound/contracts';
import { DeadLetterHeaders } from '@rebound/messaging';
import { NamespacedUsers, provisionNamespacedUsers } from '@rebound/messaging/testing';
import { PROTO_LOADER_OPTIONS } from '@rebound/http';
import { createLogger, parseTraceparent } from '@rebound/observability';
import {
  TestConsumer,
  TestSchema,
  createNamespacedCatalogue,
  deleteNamespacedTopics,
  endOffsets,
  freePort,
  grpcTestClient,
  produce,
  testDatabaseUrl,
  testNamespace,
  waitUntil,
} from '@rebound/testing';
import { DEMO_INSPECTOR, DEMO_PARTNER_SIMULATORS, DEMO_SERVICE_ENV } from '../demo-platform';
import { demoPartnerIds } from '../demo-platform';
import { WORKSPACE_ROOT } from '../managed-process';
import { InvariantsReport, countInvariants, formatInvariants, violations } from '../../chaos/invariants';
import { Platform, SERVICE_NAMES, ServiceName, ServiceSettings } from '../platform';
import { callJson, callJsonAs } from '../call-json';
import { clientCredentials } from '../client-credentials';
import { ReturnView, SampleOutcome, runSampleReturns } from '../run-samples';
import { sampleReturns } from '../sample-returns';

// The platform's start may take up to 3 minutes on a loaded 2-core machine and the samples 2 more:
// the hooks get more than both, so a slow run fails on its own deadline, not on Jest's.
jest.setTimeout(420_000);

const namespace = testNamespace('e2e');
const broker = new KafkaJsBroker({
  connection: kafkaConnection(),
  clientId: 'rebound-e2e',
  logger: createLogger({ service: 'e2e', level: 'silent' }),
  namespace,
});
const deadLetterTopics = Object.values(Services).map((service) =>
  physicalTopic(namespace, service.deadLetterTopic.name),
);
const schemas: TestSchema[] = [];
const logDir = join(WORKSPACE_ROOT, '.rebound/e2e', namespace);
let platform: Platform;
let outcomes: Map<string, SampleOutcome>;
/** What inventory announced on its compacted stock-level topic while the samples ran. */
let stockLevels: TestConsumer;
/** The namespace's users from the access catalogue, and the ones the platform's processes were started as. */
let kafkaUsers: NamespacedUsers;
const kafkaUsersStarted: string[] = [];

const storefrontCredentials = clientCredentials('rebound-storefront');
const commerce = callJsonAs(clientCredentials('rebound-commerce'));
const storefront = callJsonAs(storefrontCredentials);
const support = callJsonAs(clientCredentials('rebound-support'));
const warehouse = callJsonAs(clientCredentials('rebound-warehouse'));
const ops = callJsonAs(clientCredentials('rebound-ops'));

const SKUS = [
  'SKU-JACKET-M',
  'SKU-BOOTS-43',
  'SKU-HEADPHONES',
  'SKU-DRESS-S',
  'SKU-SNEAKERS-42',
  'SKU-TEE-M',
  'SKU-RUNNER-42',
];

interface Stock {
  readonly totals: { sellable: number; expectedInbound: number; refurbish: number; liquidation: number };
}

async function stockOf(sku: string): Promise<Stock['totals']> {
  return (await warehouse<Stock>('GET', `${platform.services.inventory.httpUrl}/v1/stock/${sku}`)).totals;
}

/** pickup-scheduling grants each partner it registers its Kafka access, as the namespace's registrar. */
function registrarCredentials(): Record<string, string> {
  const { KAFKA_USERNAME, KAFKA_PASSWORD } = kafkaUsers.envOf(partnerRegistrarAccess(namespace).user);
  return { KAFKA_ADMIN_USERNAME: KAFKA_USERNAME, KAFKA_ADMIN_PASSWORD: KAFKA_PASSWORD };
}

async function deadLetters(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const topic of deadLetterTopics) {
    counts.set(
      topic,
      [...(await endOffsets(topic)).values()].reduce((sum, end) => sum + end, 0),
    );
  }
  return counts;
}

beforeAll(async () => {
  await createNamespacedCatalogue(broker);
  kafkaUsers = await provisionNamespacedUsers(namespace, demoPartnerIds(WORKSPACE_ROOT));
  const services = {} as Record<ServiceName, ServiceSettings>;
  for (const name of SERVICE_NAMES) {
    const schema = await TestSchema.create(`e2e_${name.replace(/-/g, '_')}`);
    schemas.push(schema);
    services[name] = {
      httpPort: await freePort(),
      ...((name === 'returns-intake' || name === 'inventory') && { grpcPort: await freePort() }),
      env: {
        DATABASE_SCHEMA: schema.name,
        ...(name === 'pickup-scheduling' && { ...DEMO_SERVICE_ENV['pickup-scheduling'], ...registrarCredentials() }),
        ...(name === 'notifications' && DEMO_SERVICE_ENV.notifications),
      },
    };
  }
  const sandboxSchema = await TestSchema.create('e2e_payment_sandbox');
  schemas.push(sandboxSchema);
  stockLevels = await TestConsumer.start([physicalTopic(namespace, Topics.inventoryStockLevel.name)]);
  platform = new Platform(
    {
      logDir,
      env: { KAFKA_TOPIC_NAMESPACE: namespace, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'info' },
      services,
      partners: DEMO_PARTNER_SIMULATORS,
      inspector: DEMO_INSPECTOR,
      paymentSandboxPort: await freePort(),
      paymentSandboxSchema: sandboxSchema.name,
      kafkaCredentials: (user) => {
        kafkaUsersStarted.push(user);
        return kafkaUsers.envOf(user);
      },
    },
    () => undefined,
  );
  await platform.start();
  const run = await runSampleReturns(platform.services, sampleReturns('e2e', new Date()), {
    progress: () => undefined,
    timeoutMs: 120_000,
  });
  outcomes = new Map(run.map((outcome) => [outcome.sample.key, outcome]));
});

afterAll(async () => {
  await platform?.stop();
  await stockLevels?.stop();
  for (const schema of schemas) await schema.drop();
  await deleteNamespacedTopics(broker).catch(() => undefined);
  await kafkaUsers?.revoke();
});

it('runs every service and partner simulator as its own Kafka user of the namespace, allowed only what the catalogue says', () => {
  expect([...kafkaUsersStarted].sort()).toEqual(
    [
      ...Object.values(Services).map((service) => serviceKafkaUser(service, namespace)),
      ...DEMO_PARTNER_SIMULATORS.map((partner) => partnerKafkaUser(partner.partnerId, namespace)),
    ].sort(),
  );
});

function outcome(key: string): SampleOutcome {
  const found = outcomes.get(key);
  if (!found) throw new Error(`no sample ${key}`);
  return found;
}

/** The timeline's fact types with `expected` among them in this order (others may come between). */
function expectInOrder(key: string, expected: readonly string[]): void {
  const types = outcome(key).view.timeline.map((fact) => fact.type);
  const positions = expected.map((type) => types.indexOf(type));
  expect({
    key,
    types,
    positions: positions.every((at, index) => at >= 0 && (index === 0 || at > positions[index - 1])),
  }).toEqual({
    key,
    types,
    positions: true,
  });
}

const ARRIVAL = ['ParcelDeliveredToWarehouse', 'InspectionOpened', 'InspectionCompleted'];

describe('the sample returns, across the six services as processes', () => {
  it('each return ends as its story says, its timeline in the order things happened', () => {
    expect(Object.fromEntries([...outcomes].map(([key, { view }]) => [key, view.status]))).toEqual({
      'mail-back': 'completed',
      'failed-pickup': 'completed',
      'c-grade': 'completed',
      'store-credit': 'completed',
      'instant-clawback': 'completed',
      'even-exchange': 'completed',
      'paid-exchange': 'completed',
      returnless: 'completed',
      rejected: 'rejected',
    });
    expectInOrder('mail-back', [
      'ReturnApproved',
      'LabelIssued',
      'ParcelPickedUp',
      ...ARRIVAL,
      'RefundIssued',
      'ReturnCompleted',
    ]);
    expectInOrder('failed-pickup', [
      'ReturnApproved',
      'PickupScheduled',
      'PickupAttemptFailed',
      'PickupRescheduled',
      'ParcelPickedUp',
      ...ARRIVAL,
      'RefundIssued',
      'ReturnCompleted',
    ]);
    expectInOrder('c-grade', [
      'ReturnApproved',
      'PickupScheduled',
      'ParcelPickedUp',
      ...ARRIVAL,
      'RefundIssued',
      'ReturnCompleted',
    ]);
    expectInOrder('store-credit', [
      'ReturnApproved',
      'LabelIssued',
      'ParcelPickedUp',
      ...ARRIVAL,
      'StoreCreditIssued',
      'ReturnCompleted',
    ]);
    expectInOrder('instant-clawback', [
      'ReturnApproved',
      'RefundIssued',
      ...ARRIVAL,
      'RefundAdjusted',
      'ReturnCompleted',
    ]);
    // Not instant: the replacement is held at once, ordered once inspection accepted the tee, and
    // released to ship as soon as refunds settled the exchange with nothing to collect.
    expectInOrder('even-exchange', ['ReturnApproved', 'ReplacementReserved', 'ExchangeOrderRequested']);
    expectInOrder('even-exchange', [
      'LabelIssued',
      'ParcelPickedUp',
      ...ARRIVAL,
      'ExchangeOrderRequested',
      'ExchangeSettled',
      'ExchangeShipmentReleased',
      'ReturnCompleted',
    ]);
    // Instant for a gold member: ordered as soon as the replacement is held, before the parcel arrives,
    // and released to ship once the difference is collected; the return completes after both.
    expectInOrder('paid-exchange', ['ReturnApproved', 'ReplacementReserved', 'ExchangeOrderRequested']);
    expectInOrder('paid-exchange', [
      'ExchangeOrderRequested',
      'ExchangeSettled',
      'ExchangeDifferenceCollected',
      'ExchangeShipmentReleased',
      'ReturnCompleted',
    ]);
    expectInOrder('paid-exchange', ['LabelIssued', ...ARRIVAL, 'ReturnCompleted']);
    for (const key of ['even-exchange', 'paid-exchange']) {
      const released = outcome(key).view.timeline.filter((fact) => fact.type === 'ExchangeShipmentReleased');
      expect({ key, released: released.length }).toEqual({ key, released: 1 });
    }
    // Nothing travels: no label, no parcel, no inspection.
    expectInOrder('returnless', ['ReturnApproved', 'RefundIssued', 'ReturnCompleted']);
    expect(outcome('returnless').view.timeline.map((fact) => fact.type)).toEqual([
      'ReturnRequested',
      'ReturnApproved',
      'RefundIssued',
      'ReturnCompleted',
    ]);
    expectInOrder('rejected', ['ReturnRequested', 'ReturnRejected']);
  });

  it('the failed pickup was given up by the partner once and collected on the second attempt', () => {
    const failed = outcome('failed-pickup').view.timeline.filter((fact) =>
      ['PickupScheduled', 'PickupAttemptFailed', 'PickupRescheduled'].includes(fact.type),
    );
    expect(failed.map((fact) => [fact.type, fact.details['partnerId'], fact.details['attempt']])).toEqual([
      ['PickupScheduled', 'kiezkurier', 1],
      ['PickupAttemptFailed', 'kiezkurier', 1],
      ['PickupRescheduled', 'kiezkurier', 2],
    ]);
  });

  it('refunds pay what the grade allows, by the method the customer chose, exactly once', async () => {
    const refunds = platform.services.refunds.httpUrl;
    const paid: Record<string, unknown> = {};
    for (const key of ['mail-back', 'failed-pickup', 'c-grade', 'store-credit', 'instant-clawback']) {
      const { items } = await support<{
        items: {
          phase: string;
          method: string;
          amountMinor: number;
          bonusMinor: number;
          state: string;
          adjustment: { adjustmentMinor: number } | null;
        }[];
      }>('GET', `${refunds}/v1/returns/${outcome(key).view.returnId}/refunds`);
      paid[key] = items.map((item) => ({
        phase: item.phase,
        method: item.method,
        amountMinor: item.amountMinor,
        bonusMinor: item.bonusMinor,
        state: item.state,
        adjustmentMinor: item.adjustment?.adjustmentMinor ?? 0,
      }));
    }
    const refund = (amountMinor: number) => ({
      phase: 'final',
      method: 'original_payment',
      amountMinor,
      bonusMinor: 0,
      state: 'succeeded',
      adjustmentMinor: 0,
    });
    expect(paid).toEqual({
      // 49.99 less the 10% change-of-mind fee (5.00) and return shipping (4.95)
      'mail-back': [refund(4004)],
      // 89.99 less return shipping
      'failed-pickup': [refund(8504)],
      // a seller's fault waives the fees; grade C refunds half of 199.99, rounded half up
      'c-grade': [refund(10000)],
      // 59.99 less return shipping, as store credit with a 10% bonus
      'store-credit': [
        {
          phase: 'final',
          method: 'store_credit',
          amountMinor: 5504,
          bonusMinor: 550,
          state: 'succeeded',
          adjustmentMinor: 0,
        },
      ],
      // gold: no fees, 129.99 at approval; grade C makes 65.00 refundable, so 64.99 is charged back
      'instant-clawback': [
        {
          phase: 'instant',
          method: 'original_payment',
          amountMinor: 12999,
          bonusMinor: 0,
          state: 'succeeded',
          adjustmentMinor: 6499,
        },
        {
          phase: 'clawback',
          method: 'original_payment',
          amountMinor: 6499,
          bonusMinor: 0,
          state: 'succeeded',
          adjustmentMinor: 0,
        },
      ],
    });
    expect(outcome('instant-clawback').view.refunds.refundedMinor).toBe(6500);
    expect(outcome('rejected').view.refunds.items).toEqual([]);
  });

  it('exchanges move only the difference, exactly once, and a kept item is refunded without travelling', async () => {
    const refunds = platform.services.refunds.httpUrl;
    interface Money {
      items: { phase: string; amountMinor: number; bonusMinor: number; state: string }[];
      exchangeLines: Record<string, unknown>[];
      refundedMinor: number;
    }
    const moneyOf = (key: string) =>
      support<Money>('GET', `${refunds}/v1/returns/${outcome(key).view.returnId}/refunds`);
    // The return completed after its replacement was released, which waited for the difference collected.
    const paid = await moneyOf('paid-exchange');
    const even = await moneyOf('even-exchange');
    const kept = await moneyOf('returnless');
    const summary = (money: Money) => ({
      items: money.items.map(({ phase, amountMinor, bonusMinor, state }) => ({
        phase,
        amountMinor,
        bonusMinor,
        state,
      })),
      exchangeLines: money.exchangeLines.map((line) => ({
        creditMinor: line['creditMinor'],
        replacementCostMinor: line['replacementCostMinor'],
        surplusMinor: line['surplusMinor'],
        shortfallMinor: line['shortfallMinor'],
        bonusMinor: line['bonusMinor'],
      })),
      refundedMinor: money.refundedMinor,
    });
    expect({ even: summary(even), paid: summary(paid), kept: summary(kept) }).toEqual({
      // the tee for the next size at the same price: the credit pays the replacement, nothing moves
      even: {
        // inspection settles the return with nothing left to refund: a final refund of 0, paid by no one
        items: [
          { phase: 'final', amountMinor: 0, bonusMinor: 0, state: 'succeeded' },
          { phase: 'exchange', amountMinor: 2499, bonusMinor: 0, state: 'succeeded' },
        ],
        exchangeLines: [
          { creditMinor: 2499, replacementCostMinor: 2499, surplusMinor: 0, shortfallMinor: 0, bonusMinor: 0 },
        ],
        refundedMinor: 0,
      },
      // gold, no fees: 89.99 of credit towards the 109.99 pro model, 20.00 collected once, and the
      // policy's 5% exchange bonus on another product as store credit
      paid: {
        items: expect.arrayContaining([
          expect.objectContaining({ phase: 'exchange', amountMinor: 8999 }),
          { phase: 'collection', amountMinor: 2000, bonusMinor: 0, state: 'succeeded' },
        ]),
        exchangeLines: [
          { creditMinor: 8999, replacementCostMinor: 10999, surplusMinor: 0, shortfallMinor: 2000, bonusMinor: 450 },
        ],
        refundedMinor: 0,
      },
      // 6.99 less the 10% change-of-mind fee, and no return shipping: the socks stay with the customer
      kept: {
        items: [{ phase: 'final', amountMinor: 629, bonusMinor: 0, state: 'succeeded' }],
        exchangeLines: [],
        refundedMinor: 629,
      },
    });
  });

  it('inventory expected every collected parcel, then restocked it by its grade', async () => {
    // Each collected parcel was announced as expected inbound before its inspection restocked it.
    const inboundAnnounced = Object.fromEntries(
      SKUS.map((sku) => [
        sku,
        stockLevels.messages
          .map((message) => JSON.parse(message.value ?? '{}') as { sku: string; expectedInbound: number })
          .some((level) => level.sku === sku && level.expectedInbound === 1),
      ]),
    );
    expect(inboundAnnounced).toEqual(Object.fromEntries(SKUS.map((sku) => [sku, true])));
    const levels = async () =>
      Object.fromEntries(
        await Promise.all(
          SKUS.map(async (sku) => {
            const { sellable, refurbish, expectedInbound } = await stockOf(sku);
            return [sku, { sellable, refurbish, expectedInbound }] as const;
          }),
        ),
      );
    const restocked = {
      'SKU-JACKET-M': { sellable: 1, refurbish: 0, expectedInbound: 0 },
      'SKU-BOOTS-43': { sellable: 1, refurbish: 0, expectedInbound: 0 },
      // grade C: electronics and footwear go to refurbishment
      'SKU-HEADPHONES': { sellable: 0, refurbish: 1, expectedInbound: 0 },
      'SKU-DRESS-S': { sellable: 1, refurbish: 0, expectedInbound: 0 },
      'SKU-SNEAKERS-42': { sellable: 0, refurbish: 1, expectedInbound: 0 },
      // the exchanged tee and runners, graded A, are back on sale
      'SKU-TEE-M': { sellable: 1, refurbish: 0, expectedInbound: 0 },
      'SKU-RUNNER-42': { sellable: 1, refurbish: 0, expectedInbound: 0 },
    };
    // A return completes on its refund; inventory applies the same inspection on its own consumer.
    await waitUntil('restocked levels', async () => JSON.stringify(await levels()) === JSON.stringify(restocked)).catch(
      () => undefined,
    );
    expect(await levels()).toEqual(restocked);
    // Five of each replacement were put on sale; one of each was held and then shipped by its exchange.
    const replacements = async () => ({
      'SKU-TEE-L': (await stockOf('SKU-TEE-L')).sellable,
      'SKU-RUNNER-PRO-42': (await stockOf('SKU-RUNNER-PRO-42')).sellable,
    });
    expect(await replacements()).toEqual({ 'SKU-TEE-L': 4, 'SKU-RUNNER-PRO-42': 4 });
  });

  it('counts no lost event, none applied twice, money and stock that add up', async () => {
    // Each TestSchema is `it_e2e_<service>_<random>` (the sandbox's `it_e2e_payment_sandbox_…`).
    const schemaOf = (name: string) =>
      schemas.find((schema) => schema.name.startsWith(`it_e2e_${name.replace(/-/g, '_')}_`))?.name ?? '';
    const count = () =>
      countInvariants({
        broker,
        databaseUrl: testDatabaseUrl(),
        schemas: Object.fromEntries(SERVICE_NAMES.map((name) => [name, schemaOf(name)])),
        sandboxSchema: schemaOf('payment-sandbox'),
        returns: [...outcomes.values()].map(({ view }) => ({ returnId: view.returnId, expected: view.status })),
      });
    // The last events of the samples (a restock after its return completed) may still be on their way.
    let report: InvariantsReport = await count();
    await waitUntil('the run to add up', async () => violations((report = await count())).length === 0, {
      timeoutMs: 60_000,
      intervalMs: 1_000,
    }).catch(() => undefined);
    expect({ violations: violations(report), table: formatInvariants(report) }).toEqual({
      violations: [],
      table: expect.any(String),
    });
    expect({
      driven: report.returns.driven,
      final: report.returns.notFinal.length,
      everyServiceApplied: report.events.services.every((service) => service.applied > 0),
      refundsPaid: report.money.refunds.filter((refund) => refund.providerMinor > 0).length,
      stockPlaces: report.stock.places,
      lifecycleEvents: report.timeline.lifecycleEvents > 0,
    }).toEqual({
      driven: 9,
      final: 0,
      everyServiceApplied: true,
      refundsPaid: 7,
      stockPlaces: 9,
      lifecycleEvents: true,
    });
  });

  it('every service answers /health/ready, /metrics and /docs while the platform runs', async () => {
    const answers: Record<string, unknown> = {};
    for (const { name, httpUrl } of Object.values(platform.services)) {
      const ready = await fetch(`${httpUrl}/health/ready`);
      const metrics = await (await fetch(`${httpUrl}/metrics`)).text();
      const docs = await fetch(`${httpUrl}/docs`);
      answers[name] = {
        ready: ready.status,
        applied: /rebound_consumer_events_total\{[^}]*outcome="applied"[^}]*\} [1-9]/.test(metrics),
        docs: docs.status,
      };
    }
    expect(answers).toEqual(
      Object.fromEntries(SERVICE_NAMES.map((name) => [name, { ready: 200, applied: true, docs: 200 }])),
    );
  });

  it('no service warned or failed while it started and ran the samples', () => {
    const alarming = Object.fromEntries(
      SERVICE_NAMES.map((service) => [
        service,
        readFileSync(join(logDir, `${service}.log`), 'utf8')
          .split('\n')
          .filter((line) => /"level":"(warn|error|fatal)"|migration lock/.test(line)),
      ]),
    );
    expect(alarming).toEqual(Object.fromEntries(SERVICE_NAMES.map((service) => [service, []])));
  });

  it('no service dead-lettered anything', async () => {
    expect(Object.fromEntries(await deadLetters())).toEqual(
      Object.fromEntries(deadLetterTopics.map((topic) => [topic, 0])),
    );
  });

  it('no process exited on its own, so none was restarted', () => {
    expect(Object.fromEntries(platform.all().map((child) => [child.name, child.restarts]))).toEqual(
      Object.fromEntries(platform.all().map((child) => [child.name, 0])),
    );
  });
});

describe('processes killed with SIGKILL', () => {
  it('are started again while the others run on, and the return they had in hand completes', async () => {
    const pickups = platform.services['pickup-scheduling'].httpUrl;
    const pids = new Map(platform.all().map((child) => [child.name, child.pid]));
    const sample = sampleReturns('e2e-killed', new Date()).find((candidate) => candidate.key === 'failed-pickup');
    if (!sample) throw new Error('no failed-pickup sample');
    const running = runSampleReturns(platform.services, [sample], { progress: () => undefined, timeoutMs: 120_000 });
    // kiezkurier has collected the parcel on its second attempt and has one event left to send.
    await waitUntil(
      'the pickup in transit',
      async () =>
        (await support<{ items: unknown[] }>('GET', `${pickups}/v1/pickups?partnerId=kiezkurier&state=in_transit`))
          .items.length > 0,
      { timeoutMs: 120_000, intervalMs: 50 },
    );
    const killed = [platform.process('partner-sim-kiezkurier'), platform.process('demo-inspector')];
    for (const child of killed) child.kill('SIGKILL');

    const [done] = await running;
    expect(done.view.status).toBe('completed');
    await platform.process('demo-inspector').waitUntilReady(60_000);
    expect(killed.map((child) => [child.name, child.restarts, child.lastExit?.signal])).toEqual([
      ['partner-sim-kiezkurier', 1, 'SIGKILL'],
      ['demo-inspector', 1, 'SIGKILL'],
    ]);
    const others = platform.all().filter((child) => !killed.includes(child));
    expect(others.map((child) => [child.name, child.restarts, child.pid])).toEqual(
      others.map((child) => [child.name, 0, pids.get(child.name)]),
    );
  });
});

describe('a malformed partner event', () => {
  it('lands in pickup-scheduling’s dead-letter topic, blocking no partition, while a return completes after it', async () => {
    const tracking = 'partners.parcelpoint.tracking.v1';
    const physical = physicalTopic(namespace, tracking);
    // One malformed event on every partition, so whichever partition the return's tracking events
    // land on, they come after one.
    const partitions = [...(await endOffsets(physical)).keys()];
    const poisonIds = partitions.map(() => randomUUID());
    await produce(
      physical,
      partitions.map((partition, index) => ({
        partition,
        ...encodeEvent({
          id: poisonIds[index],
          type: TrackingReported.eventType,
          source: '/partners/parcelpoint',
          subject: randomUUID(),
          time: new Date(),
          data: { pickupId: 'not-a-pickup', status: 'teleported' },
        }),
      })),
    );
    const [after] = await runSampleReturns(
      platform.services,
      sampleReturns('e2e-after-poison', new Date()).slice(0, 1),
      { progress: () => undefined, timeoutMs: 60_000 },
    );
    expect(after.view.status).toBe('completed');

    const pickupsDeadLetters = physicalTopic(namespace, Services.pickupScheduling.deadLetterTopic.name);
    const reader = await TestConsumer.start([pickupsDeadLetters]);
    try {
      const dead = await reader.waitFor('the dead letters', (messages) => messages.length >= poisonIds.length);
      expect(
        dead
          .map((letter) => ({
            id: letter.headers['ce_id'],
            // The dead letter names the topic as the service knows it, without the namespace.
            from: letter.headers[DeadLetterHeaders.originalTopic],
            kind: letter.headers[DeadLetterHeaders.errorKind],
            namesTheField: /status/.test(letter.headers[DeadLetterHeaders.errorMessage] ?? ''),
          }))
          .sort((a, b) => a.id.localeCompare(b.id)),
      ).toEqual([...poisonIds].sort().map((id) => ({ id, from: tracking, kind: 'permanent', namesTheField: true })));
    } finally {
      await reader.stop();
    }
    const counts = await deadLetters();
    expect(Object.fromEntries(counts)).toEqual(
      Object.fromEntries(deadLetterTopics.map((topic) => [topic, topic === pickupsDeadLetters ? poisonIds.length : 0])),
    );
  });
});

describe('a refund the provider declines for good', () => {
  it('leaves the return inspected until ops retry it, then pays it and completes the return', async () => {
    const intake = platform.services['returns-intake'].httpUrl;
    const refunds = platform.services.refunds.httpUrl;
    const [sample] = sampleReturns('e2e-declined', new Date());
    const [charge] = sample.order.payments;
    await callJson('PUT', `${platform.paymentProviderUrl}/sandbox/scripts/${charge.chargeId}`, {
      outcomes: ['fail_permanent'],
    });
    await commerce('PUT', `${intake}/v1/orders/${sample.orderId}`, sample.order);
    const { returnId } = await storefront<{ returnId: string }>('POST', `${intake}/v1/returns`, sample.request, {
      'idempotency-key': `${sample.orderId}-return`,
    });
    type Refunds = { items: { refundId: string; state: string; payments: { chargeId: string; state: string }[] }[] };
    const refundsOf = () => support<Refunds>('GET', `${refunds}/v1/returns/${returnId}/refunds`);
    const declined = await waitUntil(
      'the declined refund',
      async () => (await refundsOf()).items.find((item) => item.state === 'failed'),
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    expect((await storefront<ReturnView>('GET', `${intake}/v1/returns/${returnId}`)).status).toBe('inspected');

    await ops('POST', `${refunds}/v1/refunds/${declined.refundId}/retry`, {
      reason: 'the customer’s bank lifted the block',
    });
    const completed = await waitUntil(
      'the completed return',
      async () => {
        const view = await storefront<ReturnView>('GET', `${intake}/v1/returns/${returnId}`);
        return view.status === 'completed' && view;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(completed.refunds.refundedMinor).toBe(4004);
    expect(completed.timeline.map((fact) => fact.type)).toEqual(
      expect.arrayContaining(['RefundFailed', 'RefundRetried', 'RefundIssued', 'ReturnCompleted']),
    );
    expect((await refundsOf()).items).toEqual([
      expect.objectContaining({
        state: 'succeeded',
        payments: [
          expect.objectContaining({ chargeId: charge.chargeId, state: 'retried' }),
          expect.objectContaining({ chargeId: charge.chargeId, state: 'succeeded' }),
        ],
      }),
    ]);
  });
});

describe('a return’s trace', () => {
  /** The JSON lines of a service's log that mention `text` (a trace id, a return id). */
  function linesOf(service: ServiceName, text: string): Record<string, unknown>[] {
    return readFileSync(join(logDir, `${service}.log`), 'utf8')
      .split('\n')
      .filter((line) => line.includes(text))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('the trace id of the create-return response finds lines of that return in every service’s logs', async () => {
    const intake = platform.services['returns-intake'].httpUrl;
    // Refunded at approval, then picked up, inspected, restocked and clawed back: it touches every service.
    const sample = sampleReturns('e2e-trace', new Date()).find(({ key }) => key === 'instant-clawback');
    if (!sample) throw new Error('no instant-clawback sample');
    await commerce('PUT', `${intake}/v1/orders/${encodeURIComponent(sample.orderId)}`, sample.order);
    const created = await fetch(`${intake}/v1/returns`, {
      method: 'POST',
      headers: {
        ...(await storefrontCredentials.authorization()),
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(sample.request),
    });
    expect(created.status).toBe(201);
    const { returnId } = (await created.json()) as { returnId: string };
    const traceId = parseTraceparent(created.headers.get('traceparent') ?? undefined)?.traceId ?? '';
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await waitUntil(
      'the return to complete',
      async () =>
        (await storefront<{ status: string }>('GET', `${intake}/v1/returns/${returnId}`)).status === 'completed',
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    // A gRPC call that continues the trace is found by it too.
    const grpc = grpcTestClient(
      {
        protoPath: join(WORKSPACE_ROOT, 'proto/returns/v1/returns.proto'),
        loader: PROTO_LOADER_OPTIONS,
        service: 'rebound.returns.v1.ReturnsService',
      },
      platform.services['returns-intake'].grpcAddress ?? '',
    );
    try {
      await grpc.call(
        'GetReturn',
        { returnId },
        {
          ...(await storefrontCredentials.authorization()),
          traceparent: `00-${traceId}-${'1'.repeat(16)}-01`,
        },
      );
    } finally {
      grpc.close();
    }
    // Inventory restocks from the inspection on its own consumer, maybe after the return completed.
    await waitUntil('a line with the trace in every service’s log', () =>
      SERVICE_NAMES.every((service) => linesOf(service, traceId).length > 0),
    ).catch(() => undefined);

    expect(Object.fromEntries(SERVICE_NAMES.map((service) => [service, linesOf(service, traceId).length > 0]))).toEqual(
      Object.fromEntries(SERVICE_NAMES.map((service) => [service, true])),
    );
    expect(linesOf('returns-intake', traceId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', method: 'POST', route: '/v1/returns', status: 201, traceId }),
        expect.objectContaining({ level: 'info', stateChange: 'ReturnApproved', subject: returnId, traceId }),
        expect.objectContaining({
          level: 'info',
          grpcMethod: 'ReturnsService/GetReturn',
          grpcStatus: 'OK',
          returnId,
          traceId,
        }),
      ]),
    );
    // Refunds applied the approval, and paid the instant refund in its payment worker, on the trace.
    expect(linesOf('refunds', traceId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', msg: 'event applied', eventType: 'ReturnApproved', returnId }),
        expect.objectContaining({ level: 'info', stateChange: 'RefundIssued', subject: returnId }),
      ]),
    );
    // The inspector continued the inspection's trace, so the inspection and all that follows it are on it.
    expect(linesOf('warehouse-qc', traceId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', method: 'POST', route: '/v1/inspections/:inspectionId/complete' }),
        expect.objectContaining({ level: 'info', stateChange: 'InspectionCompleted', subject: returnId }),
      ]),
    );
    expect(linesOf('inventory', traceId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', msg: 'event applied', eventType: 'InspectionCompleted', returnId }),
      ]),
    );
    expect(linesOf('returns-intake', traceId)).toEqual(
      expect.arrayContaining([expect.objectContaining({ stateChange: 'ReturnCompleted', subject: returnId })]),
    );
    // Every state change about the return, and every event about it a service applied, is on its trace.
    for (const service of SERVICE_NAMES) {
      const story = linesOf(service, returnId).filter(
        (line) => line['stateChange'] !== undefined || line['msg'] === 'event applied',
      );
      expect(story.filter((line) => line['traceId'] !== traceId)).toEqual([]);
    }
  });
});
