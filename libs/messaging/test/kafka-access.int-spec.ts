/**
 * The access catalogue enforced by the real broker (SCRAM-SHA-512 users, the standard authorizer,
 * nothing allowed without an ACL): under a topic namespace of this run's own, each service, partner
 * and the commerce platform connects as its own user, provisioned from the catalogue as scripts/stack
 * provisions the deployment's.
 */
import {
  kafkaConnection,
  type KafkaConnection,
  KafkaJsBroker,
  COMMERCE_PLATFORM_GROUP_PREFIX,
  commercePlatformAccess,
  partnerAccess,
  partnerGroupPrefix,
  serviceKafkaUser,
} from '@rebound/kafka';
import { PartnerTopics, Services, Topics, allServices, catalogueTopics } from '@rebound/contracts';
import { createLogger } from '@rebound/observability';
import { createNamespacedCatalogue, deleteNamespacedTopics, testNamespace } from '@rebound/testing';
import { NamespacedUsers, provisionNamespacedUsers } from '../testing';

jest.setTimeout(120_000);

const namespace = testNamespace('acl');
const logger = createLogger({ service: 'acl-tests', level: 'silent' });
const PARTNERS = ['acme', 'globex'];
let users: NamespacedUsers;

function brokerAs(connection: KafkaConnection): KafkaJsBroker {
  return new KafkaJsBroker({ connection, clientId: 'acl-tests', logger, namespace });
}

const testBroker = brokerAs(kafkaConnection());

type Outcome = 'allowed' | 'refused';

/** Allowed, or refused by the authorizer; any other failure fails the test. */
async function outcomeOf(attempt: () => Promise<unknown>): Promise<Outcome> {
  try {
    await attempt();
    return 'allowed';
  } catch (error) {
    if (/not authorized|AUTHORIZATION_FAILED/i.test(errorChain(error))) return 'refused';
    throw error;
  }
}

function errorChain(error: unknown): string {
  const parts: string[] = [];
  for (
    let current = error as { message?: string; type?: string; cause?: unknown; originalError?: unknown } | undefined;
    current;
  ) {
    parts.push(`${current.type ?? ''} ${current.message ?? ''}`);
    current = (current.cause ?? current.originalError) as typeof current;
  }
  return parts.join(' / ');
}

async function writeAs(connection: KafkaConnection, topics: readonly string[]): Promise<Record<string, Outcome>> {
  const producer = brokerAs(connection).producer();
  const outcomes: Record<string, Outcome> = {};
  try {
    for (const topic of topics) {
      outcomes[topic] = await outcomeOf(() =>
        producer.send([{ topic, key: 'acl-test', value: Buffer.from('{}'), headers: {} }]),
      );
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  return outcomes;
}

/** Whether `connection` may read `topic` as a member of `groupId`: subscribing asks for the topic first. */
async function readAs(connection: KafkaConnection, groupId: string, topic: string): Promise<Outcome> {
  const consumer = brokerAs(connection).consumer({ groupId });
  try {
    await consumer.connect();
    return await outcomeOf(() => consumer.subscribe([topic], true));
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

const partnerTopics = PARTNERS.flatMap((partnerId) =>
  Object.values(PartnerTopics).map((family) => family.nameFor(partnerId)),
);
const everyTopic = [...catalogueTopics().map((topic) => topic.name), ...partnerTopics];

beforeAll(async () => {
  await createNamespacedCatalogue(testBroker, 1);
  const admin = testBroker.admin();
  await admin.connect();
  await admin.createTopics(partnerTopics.map((topic) => ({ topic, partitions: 1 })));
  await admin.disconnect();
  users = await provisionNamespacedUsers(namespace, PARTNERS);
});

afterAll(async () => {
  await users?.revoke();
  await deleteNamespacedTopics(testBroker);
});

describe('on the SCRAM-enabled broker with ACLs from the catalogue', () => {
  it('lets every topic be written by its one producer and by no other service', async () => {
    const writers = new Map<string, string>([
      ...catalogueTopics().map((topic) => [topic.name, topic.producer] as [string, string]),
      ...PARTNERS.flatMap((partnerId) => [
        [PartnerTopics.bookings.nameFor(partnerId), Services.pickupScheduling.name] as [string, string],
        [PartnerTopics.tracking.nameFor(partnerId), `partner ${partnerId}`] as [string, string],
      ]),
    ]);
    const actual: Record<string, Record<string, Outcome>> = {};
    const expected: Record<string, Record<string, Outcome>> = {};
    for (const service of allServices()) {
      actual[service.name] = await writeAs(users.connectionOf(serviceKafkaUser(service, namespace)), everyTopic);
      expected[service.name] = Object.fromEntries(
        everyTopic.map((topic) => [topic, writers.get(topic) === service.name ? 'allowed' : 'refused']),
      );
    }

    expect(actual).toEqual(expected);
  });

  it('lets the commerce platform write its orders and products and nothing else', async () => {
    const outcomes = await writeAs(users.connectionOf(commercePlatformAccess(namespace).user), everyTopic);

    expect(Object.entries(outcomes).filter(([, outcome]) => outcome === 'allowed')).toEqual([
      ['commerce.order.v1', 'allowed'],
      ['commerce.product.v1', 'allowed'],
    ]);
  });

  it('lets the commerce platform subscribe to the returns topic, where replacements are released to ship, and to no other but its own', async () => {
    const commerce = users.connectionOf(commercePlatformAccess(namespace).user);
    const group = `${COMMERCE_PLATFORM_GROUP_PREFIX}acl-test`;
    const outcomes: Record<string, Outcome> = {};
    for (const topic of catalogueTopics().map((t) => t.name)) outcomes[topic] = await readAs(commerce, group, topic);

    expect(Object.entries(outcomes).filter(([, outcome]) => outcome === 'allowed')).toEqual([
      ['commerce.order.v1', 'allowed'],
      ['commerce.product.v1', 'allowed'],
      [Topics.returnsReturn.name, 'allowed'],
    ]);
  });

  it("lets partner A write only its own tracking topic: not partner B's, not an internal one", async () => {
    const acme = users.connectionOf(partnerAccess('acme', namespace).user);

    const outcomes = await writeAs(acme, everyTopic);

    expect(Object.entries(outcomes).filter(([, outcome]) => outcome === 'allowed')).toEqual([
      [PartnerTopics.tracking.nameFor('acme'), 'allowed'],
    ]);
  });

  it("lets partner A read its own bookings but not partner B's, nor any internal topic", async () => {
    const acme = users.connectionOf(partnerAccess('acme', namespace).user);
    const group = `${partnerGroupPrefix('acme')}acl-test`;

    const own = await readAs(acme, group, PartnerTopics.bookings.nameFor('acme'));
    const others = new Set<Outcome>();
    for (const topic of [PartnerTopics.bookings.nameFor('globex'), ...catalogueTopics().map((t) => t.name)]) {
      others.add(await readAs(acme, group, topic));
    }

    expect(own).toBe('allowed');
    expect([...others]).toEqual(['refused']);
  });

  it('refuses a client without credentials and one with a wrong password, naming Kafka authentication', async () => {
    const anonymous = brokerAs(kafkaConnection({ KAFKA_BROKERS: process.env['KAFKA_BROKERS'] })).admin({
      failFast: true,
    });
    const wrongPassword = brokerAs(
      kafkaConnection({
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
        ...users.envOf(serviceKafkaUser(Services.refunds, namespace)),
        KAFKA_PASSWORD: 'not-the-password',
      }),
    ).admin({ failFast: true });

    await expect(anonymous.connect()).rejects.toThrow(
      /^Kafka authentication failed .* no SASL credentials are configured/,
    );
    await expect(wrongPassword.connect()).rejects.toThrow(
      new RegExp(`^Kafka authentication failed at .* as scram-sha-512 user ${namespace}\\.rebound-refunds`),
    );
  });
});
