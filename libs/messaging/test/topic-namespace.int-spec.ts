/**
 * Two deployments sharing one Kafka cluster under different topic namespaces, on the real broker and
 * database: both use the real catalogue names and the same consumer group ids, and neither sees the
 * other's messages. Each test gets two fresh namespaces with the whole catalogue in each.
 */
import { IsString } from 'class-validator';
import { AssignerProtocol, ConfigResourceTypes } from 'kafkajs';
import { DataSource } from 'typeorm';
import { kafkaConnection, BrokerAdmin, KafkaJsBroker, physicalGroupId, physicalTopic } from '@rebound/kafka';
import { EventPayload, PartnerTopics, Services, Topics, catalogueTopics, encodeEvent } from '@rebound/contracts';
import { runMigrations } from '@rebound/persistence';
import {
  TestConsumer,
  TestSchema,
  committedOffsets,
  createNamespacedCatalogue,
  deleteNamespacedTopics,
  produce,
  testKafka,
  testNamespace,
  uniqueName,
  waitUntil,
} from '@rebound/testing';
import { DeadLetterHeaders, EventConsumer, EventHandlerRegistration, Outbox, OutboxRelay } from '../src';
import {
  EntryBehaviour,
  directEvent,
  ledgerDataSource,
  ledgerEvents,
  ledgerHandler,
  recordPosting,
} from './fixtures/ledger.fixture';
import { capturingLogger } from './fixtures/log-capture';

jest.setTimeout(120_000);

// The ledger's events travel on a real catalogue topic: the same logical name in both namespaces.
const ledgerTopic = Topics.returnsReturn.name;
const { EntryRecorded } = ledgerEvents(ledgerTopic);
const deadLetters = Services.refunds.deadLetterTopic.name;

class ParcelScanned extends EventPayload {
  static readonly eventType = 'ParcelScanned';
  static readonly topic = PartnerTopics.tracking;
  @IsString() parcelId!: string;
}

interface Scan {
  id: string;
  topic: string;
  partnerId: string | undefined;
}

interface Deployment {
  readonly label: string;
  schema: TestSchema;
  dataSource: DataSource;
  /** Built per test, with a fresh namespace. */
  broker: KafkaJsBroker;
}

describe('two deployments sharing one Kafka cluster under different topic namespaces', () => {
  const outbox = new Outbox('/rebound/tests');
  const a = { label: 'a' } as Deployment;
  const b = { label: 'b' } as Deployment;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    for (const deployment of [a, b]) {
      deployment.schema = await TestSchema.create(`ns-${deployment.label}`);
      deployment.dataSource = ledgerDataSource(deployment.schema.url, deployment.schema.name);
      await deployment.dataSource.initialize();
      await runMigrations(deployment.dataSource);
    }
  });

  beforeEach(async () => {
    for (const deployment of [a, b]) {
      deployment.broker = new KafkaJsBroker({
        connection: kafkaConnection(),
        clientId: `it-ns-${deployment.label}`,
        logger: capturingLogger(`broker-${deployment.label}`).logger,
        namespace: testNamespace(`ns-${deployment.label}`),
      });
      // One partition per topic: less load on a broker other runs share, and ordering is not under test.
      await createNamespacedCatalogue(deployment.broker, 1);
    }
  });

  afterEach(async () => {
    while (cleanup.length > 0) await cleanup.pop()!();
    for (const deployment of [a, b]) await deleteNamespacedTopics(deployment.broker).catch(() => undefined);
  });

  afterAll(async () => {
    for (const deployment of [a, b]) {
      await deployment.dataSource?.destroy();
      await deployment.schema?.drop();
    }
  });

  async function startRelay(deployment: Deployment): Promise<void> {
    const { logger } = capturingLogger(`relay-${deployment.label}`);
    const relay = new OutboxRelay({
      dataSource: deployment.dataSource,
      producer: deployment.broker.producer(),
      logger,
    });
    cleanup.push(() => relay.stop());
    await relay.start();
  }

  async function startConsumer(
    deployment: Deployment,
    groupId: string,
    handler: EventHandlerRegistration,
  ): Promise<void> {
    const { logger } = capturingLogger(`consumer-${deployment.label}`);
    const consumer = new EventConsumer({
      groupId,
      deadLetterTopic: deadLetters,
      dataSource: deployment.dataSource,
      broker: deployment.broker,
      logger,
      handlers: [handler],
    });
    await consumer.start();
    cleanup.push(() => consumer.stop());
  }

  async function withAdmin<T>(deployment: Deployment, work: (admin: BrokerAdmin) => Promise<T>): Promise<T> {
    const admin = deployment.broker.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  /** Waits until the group has committed everything published so far on the topic of the deployment's namespace. */
  async function waitForCommitted(deployment: Deployment, groupId: string, topic: string): Promise<void> {
    await withAdmin(deployment, (admin) =>
      waitUntil(`${deployment.label}'s group to commit everything on ${topic}`, async () => {
        const [committed, end] = await Promise.all([admin.committedOffsets(groupId, topic), admin.endOffsets(topic)]);
        return end.every(
          ({ partition, offset }) =>
            offset === 0 || committed.find((entry) => entry.partition === partition)?.offset === offset,
        );
      }),
    );
  }

  function post(deployment: Deployment, key: string, behaviour: EntryBehaviour = {}): Promise<string> {
    return deployment.dataSource.transaction((manager) =>
      recordPosting(manager, outbox, EntryRecorded, key, 1, behaviour),
    );
  }

  async function ledgerEventIds(deployment: Deployment, key: string): Promise<string[]> {
    const rows = await deployment.dataSource.query('SELECT event_id FROM ledger_entry WHERE entry_key = $1', [key]);
    return rows.map((row: { event_id: string }) => row.event_id);
  }

  /** The topics the cluster has assigned to the group's members. */
  async function assignedTopics(physicalGroup: string): Promise<string[]> {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const [group] = (await admin.describeGroups([physicalGroup])).groups;
      return group.members.flatMap((member) =>
        Object.keys(AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {}),
      );
    } finally {
      await admin.disconnect();
    }
  }

  function scanRecorder(scans: Scan[]): EventHandlerRegistration {
    return {
      eventClass: ParcelScanned,
      name: 'Tracking.record',
      handle: async (event) => {
        scans.push({ id: event.id, topic: event.topic, partnerId: PartnerTopics.tracking.partnerIdOf(event.topic) });
      },
    };
  }

  it("delivers an event published through one namespace's outbox only to that namespace's consumer, though both use the same topic and group names", async () => {
    const key = uniqueName('shared');
    const groupId = uniqueName('it.ledger', '-');
    for (const deployment of [a, b]) {
      await startRelay(deployment);
      await startConsumer(deployment, groupId, ledgerHandler(EntryRecorded).registration);
    }
    const publishedInA = await post(a, key);
    const publishedInB = await post(b, key);

    for (const deployment of [a, b]) {
      await waitUntil(
        `${deployment.label}'s ledger entry`,
        async () => (await ledgerEventIds(deployment, key)).length > 0,
      );
      await waitForCommitted(deployment, groupId, ledgerTopic);
    }
    expect(await ledgerEventIds(a, key)).toEqual([publishedInA]);
    expect(await ledgerEventIds(b, key)).toEqual([publishedInB]);
    // The group committed under its namespaced id, not the bare one another deployment would share.
    const bareGroup = await committedOffsets(groupId, physicalTopic(a.broker.namespace, ledgerTopic));
    expect([...bareGroup.values()].every((offset) => offset === -1)).toBe(true);
  });

  it("subscribes a topic family by pattern to its own namespace's partner topics only, and hands handlers the logical topic name", async () => {
    const partnerId = uniqueName('acme', '-');
    const topic = PartnerTopics.tracking.nameFor(partnerId);
    const groupId = uniqueName('it.tracking', '-');
    for (const deployment of [a, b]) {
      await withAdmin(deployment, (admin) => admin.createTopics([{ topic, partitions: 1 }]));
    }
    const scannedInB = directEvent('ParcelScanned', 'parcel-b', { parcelId: 'parcel-b' });
    await produce(physicalTopic(b.broker.namespace, topic), [encodeEvent(scannedInB)]);
    const scans: Record<string, Scan[]> = { a: [], b: [] };
    for (const deployment of [a, b]) await startConsumer(deployment, groupId, scanRecorder(scans[deployment.label]));
    const scannedInA = directEvent('ParcelScanned', 'parcel-a', { parcelId: 'parcel-a' });
    await produce(physicalTopic(a.broker.namespace, topic), [encodeEvent(scannedInA)]);

    for (const deployment of [a, b]) {
      await waitUntil(`${deployment.label} to handle a scan`, () => scans[deployment.label].length > 0);
      await waitForCommitted(deployment, groupId, topic);
    }
    expect(await assignedTopics(physicalGroupId(a.broker.namespace, groupId))).toEqual([
      physicalTopic(a.broker.namespace, topic),
    ]);
    expect(scans['a']).toEqual([{ id: scannedInA.id, topic, partnerId }]);
    expect(scans['b']).toEqual([{ id: scannedInB.id, topic, partnerId }]);
  });

  it("dead-letters to its own namespace's dead-letter topic, naming the logical topic and group in the headers", async () => {
    const key = uniqueName('rejected');
    const groupId = uniqueName('it.ledger', '-');
    const reader = await TestConsumer.start([physicalTopic(a.broker.namespace, deadLetters)]);
    cleanup.push(() => reader.stop());
    await startRelay(a);
    await startConsumer(a, groupId, ledgerHandler(EntryRecorded).registration);
    const eventId = await post(a, key, { rejected: true });

    const [dead] = await reader.waitFor("the rejection on the namespace's dead-letter topic", (messages) =>
      messages.some((message) => message.headers['ce_id'] === eventId),
    );
    expect(dead.headers).toMatchObject({
      [DeadLetterHeaders.originalTopic]: ledgerTopic,
      [DeadLetterHeaders.consumerGroup]: groupId,
      [DeadLetterHeaders.errorKind]: 'permanent',
    });
  });

  it("creates the whole catalogue in a namespace with each topic's cleanup policy, and lists only the namespace's own topics by logical name", async () => {
    const partnerTopic = PartnerTopics.tracking.nameFor(uniqueName('acme', '-'));
    await withAdmin(a, (admin) => admin.createTopics([{ topic: partnerTopic, partitions: 1 }]));
    const catalogue = catalogueTopics().map((topic) => topic.name);

    // A topic just created reaches the cluster's metadata a moment later.
    const listed = await waitUntil('the partner topic listed', async () => {
      const topics = await withAdmin(a, (admin) => admin.listTopics());
      return topics.includes(partnerTopic) && topics;
    });
    expect(listed.sort()).toEqual([...catalogue, partnerTopic].sort());
    expect((await withAdmin(b, (admin) => admin.listTopics())).sort()).toEqual([...catalogue].sort());
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: catalogueTopics().map((topic) => ({
          type: ConfigResourceTypes.TOPIC,
          name: physicalTopic(a.broker.namespace, topic.name),
          configNames: ['cleanup.policy'],
        })),
      });
      const policies = Object.fromEntries(resources.map((r) => [r.resourceName, r.configEntries[0].configValue]));
      expect(policies).toEqual(
        Object.fromEntries(
          catalogueTopics().map((topic) => [physicalTopic(a.broker.namespace, topic.name), topic.cleanupPolicy]),
        ),
      );
    } finally {
      await admin.disconnect();
    }
  });
});
