/**
 * The dead-letter tool on the real broker, in a topic namespace of its own (the whole catalogue, two
 * partitions a topic): what `list` reads, what `replay` sends and refuses, the command line's output
 * and exit codes, and the whole story — a consumer dead-letters an event, the fix is deployed, the
 * tool replays it, and the consumer applies it once.
 */
import { randomUUID } from 'node:crypto';
import { IsString } from 'class-validator';
import { DataSource } from 'typeorm';
import { kafkaConnection, KafkaJsBroker, physicalGroupId, physicalTopic } from '@rebound/kafka';
import { EventPayload, Services, Topics, allServices, encodeEvent } from '@rebound/contracts';
import { EventConsumer, PermanentError, REPLAY_HEADER, messagingMigrations } from '@rebound/messaging';
import { createLogger } from '@rebound/observability';
import { createSchemaDataSource, runMigrations } from '@rebound/persistence';
import {
  TestConsumer,
  TestSchema,
  TsProcess,
  committedOffsets,
  createNamespacedCatalogue,
  endOffsets,
  deleteNamespacedTopics,
  testKafka,
  testNamespace,
  uniqueName,
  waitUntil,
} from '@rebound/testing';
import { DeadLetterTool } from './dead-letter-tool';
import { ReplayRefusedError } from './replay-plan';
import { deadLetter } from './test/dead-letters.fixture';

jest.setTimeout(120_000);

const refundsDeadLetters = Services.refunds.deadLetterTopic.name;
const inspections = Topics.warehouseInspection.name;

/** An event refunds consumes from a catalogue topic, with a handler the test can break and fix. */
class ParcelWeighed extends EventPayload {
  static readonly eventType = 'ParcelWeighed';
  static readonly topic = Topics.warehouseInspection;
  @IsString() returnId!: string;
}

describe('the dead-letter tool on a real broker', () => {
  const namespace = testNamespace('dlt');
  const logger = createLogger({ service: 'dlt-tests', level: 'silent' });
  const broker = new KafkaJsBroker({ connection: kafkaConnection(), clientId: 'dlt-tests', logger, namespace });
  const tool = new DeadLetterTool(broker, { readTimeoutMs: 30_000 });
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(() => createNamespacedCatalogue(broker, 2));

  afterEach(async () => {
    while (cleanup.length > 0) await cleanup.pop()!();
  });

  afterAll(() => deleteNamespacedTopics(broker));

  /** Writes dead letters the way a consumer of the namespace does; returns their event ids. */
  async function deadLettered(count: number, topic = refundsDeadLetters): Promise<string[]> {
    const messages = Array.from({ length: count }, () => deadLetter(topic));
    const producer = broker.producer();
    await producer.send(messages);
    await producer.disconnect();
    return messages.map((message) => message.headers['ce_id'] as string);
  }

  async function readOriginalTopics(): Promise<TestConsumer> {
    const reader = await TestConsumer.start([physicalTopic(namespace, inspections)]);
    cleanup.push(() => reader.stop());
    return reader;
  }

  async function runCli(...args: string[]): Promise<{ code: number | null; lines: string[] }> {
    const cli = TsProcess.spawn('scripts/dlt/main.ts', { KAFKA_TOPIC_NAMESPACE: namespace }, 'dlt', args);
    cleanup.push(() => cli.ensureStopped());
    const { code } = await cli.exited;
    return { code, lines: cli.lines };
  }

  it('lists every dead letter of a service in topic order, reads an empty dead-letter topic at once, and leaves no offsets behind', async () => {
    const eventIds = await deadLettered(5);

    const { topic, deadLetters } = await tool.list(Services.refunds);
    const empty = await tool.list(Services.inventory);

    expect(topic).toBe(refundsDeadLetters);
    expect(deadLetters.map((entry) => entry.eventId).sort()).toEqual([...eventIds].sort());
    const coordinates = deadLetters.map((entry) => [entry.partition, Number(entry.offset)]);
    expect(coordinates).toEqual([...coordinates].sort(([p1, o1], [p2, o2]) => p1 - p2 || o1 - o2));
    expect(deadLetters[0]).toMatchObject({
      originalTopic: inspections,
      consumerGroup: 'refunds.main',
      eventType: 'InspectionCompleted',
      errorKind: 'permanent',
      errorClass: 'PermanentError',
      errorMessage: 'inspection of an unknown return',
    });
    expect(empty.deadLetters).toEqual([]);
    expect(await committedOffsetsOfToolGroups()).toEqual([]);
  });

  it('replays the chosen dead letters to their original topic as they were, without the dlt headers, marked for their group', async () => {
    const [chosen, other] = await deadLettered(2);
    const reader = await readOriginalTopics();
    const entry = (await tool.list(Services.refunds)).deadLetters.find((candidate) => candidate.eventId === chosen)!;

    const report = await tool.replay(Services.refunds, {
      kind: 'some',
      offsets: [{ partition: entry.partition, offset: Number(entry.offset) }],
      eventIds: [],
    });

    expect(report.replayed).toEqual([{ deadLetter: entry, sentTo: inspections }]);
    const [sent] = await reader.waitFor('the replayed event', (messages) =>
      messages.some((message) => message.headers['ce_id'] === chosen),
    );
    expect(sent.key).toBe(entry.key);
    expect(sent.value).toBe(entry.value);
    expect(sent.headers).toEqual({
      ce_id: chosen,
      ce_type: 'InspectionCompleted',
      ce_source: '/rebound/warehouse-qc',
      ce_subject: entry.key,
      ce_time: '2030-03-04T08:00:00.000Z',
      ce_specversion: '1.0',
      'content-type': 'application/json',
      [REPLAY_HEADER]: 'refunds.main',
    });
    expect(Object.keys(sent.headers).filter((name) => name.startsWith('dlt-'))).toEqual([]);
    expect(reader.messages.filter((message) => message.headers['ce_id'] === other)).toEqual([]);
  });

  it('refuses a replay naming a dead letter that is not there, and sends none of the others', async () => {
    const [eventId] = await deadLettered(1);
    const entry = (await tool.list(Services.refunds)).deadLetters.find((candidate) => candidate.eventId === eventId)!;
    const endsBefore = await originalTopicEnds();

    const refusal = tool.replay(Services.refunds, {
      kind: 'some',
      offsets: [
        { partition: entry.partition, offset: Number(entry.offset) },
        { partition: entry.partition, offset: 100_000 },
      ],
      eventIds: [],
    });

    await expect(refusal).rejects.toThrow(ReplayRefusedError);
    await expect(refusal).rejects.toThrow(`no dead letter at ${entry.partition}:100000 in ${refundsDeadLetters}`);
    expect(await originalTopicEnds()).toEqual(endsBefore);
  });

  it('prints one line per dead letter, and exits 2 on an unknown service or a replay it refuses', async () => {
    const [eventId] = await deadLettered(1);

    const list = await runCli('list', 'refunds');
    const unknown = await runCli('list', 'refund');
    const refused = await runCli('replay', 'refunds', '--offset', '0:100000');

    expect(list.code).toBe(0);
    expect(list.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\d+:\\d+  \\S+  ${inspections} \\(refunds\\.main\\)  InspectionCompleted ${eventId}  permanent  PermanentError: inspection of an unknown return$`,
        ),
      ),
    );
    expect(list.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^\\d+ dead letter\\(s\\) in ${refundsDeadLetters} \\(topic namespace ${namespace}\\)$`),
      ),
    );
    expect(unknown.code).toBe(2);
    expect(unknown.lines).toContain(
      `  - unknown service "refund": use one of ${allServices()
        .map((service) => service.name)
        .join(', ')}`,
    );
    expect(refused.code).toBe(2);
    expect(refused.lines).toContainEqual(
      expect.stringMatching(new RegExp(`^  - no dead letter at 0:100000 in ${refundsDeadLetters}: partition 0 holds`)),
    );
  });

  describe('with a consumer that dead-letters an event until the fix is deployed', () => {
    let schema: TestSchema;
    let dataSource: DataSource;

    beforeAll(async () => {
      schema = await TestSchema.create('dlt');
      dataSource = createSchemaDataSource({ url: schema.url, schema: schema.name, migrations: messagingMigrations });
      await dataSource.initialize();
      await runMigrations(dataSource);
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await schema?.drop();
    });

    it('applies the event once the tool replays it, and never again for a second replay', async () => {
      const applied: string[] = [];
      let fixed = false;
      const consumer = new EventConsumer({
        groupId: 'refunds.main',
        deadLetterTopic: refundsDeadLetters,
        dataSource,
        broker,
        logger,
        handlers: [
          {
            eventClass: ParcelWeighed,
            name: 'Refunds.onParcelWeighed',
            handle: async (event) => {
              if (!fixed) throw new PermanentError('weights are not supported yet');
              applied.push(event.id);
            },
          },
        ],
      });
      await consumer.start();
      cleanup.push(() => consumer.stop());
      const event = {
        id: randomUUID(),
        type: ParcelWeighed.eventType,
        source: '/rebound/warehouse-qc',
        subject: uniqueName('return'),
        time: new Date(),
        data: { returnId: 'r-1' },
      };
      const producer = broker.producer();
      await producer.send([{ topic: inspections, ...encodeEvent(event) }]);
      await producer.disconnect();

      const [dead] = await waitUntil('the event in the dead-letter topic', async () => {
        const { deadLetters } = await tool.list(Services.refunds);
        const found = deadLetters.filter((entry) => entry.eventId === event.id);
        return found.length > 0 && found;
      });
      expect(dead).toMatchObject({ errorClass: 'PermanentError', errorMessage: 'weights are not supported yet' });

      fixed = true;
      await tool.replay(Services.refunds, { kind: 'some', offsets: [], eventIds: [event.id] });
      await waitUntil('the replay to be applied', () => applied.length > 0);
      await tool.replay(Services.refunds, { kind: 'some', offsets: [], eventIds: [event.id] });
      await waitForConsumed('refunds.main', inspections);

      expect(applied).toEqual([event.id]);
      expect(await dataSource.query('SELECT outcome FROM inbox WHERE event_id = $1', [event.id])).toEqual([
        { outcome: 'applied' },
      ]);
      const deadLetters = (await tool.list(Services.refunds)).deadLetters;
      expect(deadLetters.filter((entry) => entry.eventId === event.id)).toHaveLength(1);
    });
  });

  /** What the tool's throwaway groups (`dlt-tool.<service>.<random>`) in the namespace committed. */
  async function committedOffsetsOfToolGroups(): Promise<number[]> {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const prefix = physicalGroupId(namespace, 'dlt-tool.');
      const groups = (await admin.listGroups()).groups.filter((group) => group.groupId.startsWith(prefix));
      const offsets = await Promise.all(
        groups.map((group) =>
          admin.fetchOffsets({ groupId: group.groupId, topics: [physicalTopic(namespace, refundsDeadLetters)] }),
        ),
      );
      return offsets
        .flatMap(([topic]) => topic.partitions.map((partition) => Number(partition.offset)))
        .filter((offset) => offset >= 0);
    } finally {
      await admin.disconnect();
    }
  }

  function originalTopicEnds(): Promise<Map<number, number>> {
    return endOffsets(physicalTopic(namespace, inspections));
  }

  /** Waits until the group has committed everything on the topic: every message there is done with. */
  function waitForConsumed(groupId: string, topic: string): Promise<boolean> {
    const [group, physical] = [physicalGroupId(namespace, groupId), physicalTopic(namespace, topic)];
    return waitUntil(`${groupId} to consume everything on ${topic}`, async () => {
      const [committed, ends] = await Promise.all([committedOffsets(group, physical), endOffsets(physical)]);
      return [...ends].every(([partition, end]) => end === 0 || committed.get(partition) === end);
    });
  }
});
