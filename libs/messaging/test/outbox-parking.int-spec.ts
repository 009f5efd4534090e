/**
 * Rows the broker refuses — a topic that does not exist, a record over the broker's size limit — are
 * set aside (parked) by the relay instead of holding up the rows behind them, on the real broker and
 * database: what reached Kafka, and what the outbox table says.
 */
import { KafkaConnection, kafkaConnection, KafkaJsBroker } from '@rebound/kafka';
import { TestConsumer, createTopics, deleteTopics, testTopic, uniqueName, waitUntil } from '@rebound/testing';
import { Outbox, OutboxRelay } from '../src';
import { MessagingMetrics } from '../src/nest';
import { ledgerEvents, recordPosting } from './fixtures/ledger.fixture';
import { capturingLogger } from './fixtures/log-capture';
import { useLedgerDatabase } from './fixtures/ledger-world';

jest.setTimeout(120_000);

interface OutboxState {
  attempts: number;
  last_error: string | null;
  parked: boolean;
  published: boolean;
}

describe('the outbox relay parks the rows the broker refuses, on the real broker and database', () => {
  const outbox = new Outbox('/rebound/tests');
  // Only the first test reads Kafka: the others need no topic, so no world of topics per test.
  const world = useLedgerDatabase('parking');
  const cleanup: (() => Promise<unknown>)[] = [];
  const createdTopics: string[] = [];

  afterEach(async () => {
    while (cleanup.length > 0) await cleanup.pop()!();
  });

  afterAll(async () => {
    await deleteTopics(createdTopics).catch(() => undefined);
  });

  function startRelay(
    options: { maxAttempts?: number; batchSize?: number; onProblem?: (problem: string | undefined) => void } = {},
    connection = kafkaConnection(),
  ) {
    const { logger, lines } = capturingLogger('relay');
    const relay = new OutboxRelay({
      dataSource: world.dataSource,
      producer: new KafkaJsBroker({ connection, clientId: 'it-relay', logger }).producer(),
      logger,
      backoff: { initialDelayMs: 200, maxDelayMs: 1000 },
      ...options,
    });
    cleanup.push(() => relay.stop());
    return { relay, lines };
  }

  function post(topic: string, key: string, seq: number): Promise<string> {
    const { EntryRecorded } = ledgerEvents(topic);
    return world.dataSource.transaction((manager) => recordPosting(manager, outbox, EntryRecorded, key, seq));
  }

  /** An event of `key` on `topic`, written through the outbox like any other. */
  async function publishOn(topic: string, key: string, data: { key: string; seq: number }): Promise<string> {
    const { EntryRecorded } = ledgerEvents(topic);
    const envelope = await world.dataSource.transaction((manager) =>
      outbox.publish(manager, EntryRecorded, data, { subject: key }),
    );
    return envelope.id;
  }

  async function state(eventId: string): Promise<OutboxState> {
    const [row] = await world.dataSource.query(
      `SELECT attempts, last_error, parked_at IS NOT NULL AS parked, published_at IS NOT NULL AS published
         FROM outbox WHERE event_id = $1`,
      [eventId],
    );
    return row;
  }

  async function topicAndReader(): Promise<{ topic: string; reader: TestConsumer }> {
    const topic = testTopic('parking').name;
    await createTopics([topic], 3);
    createdTopics.push(topic);
    const reader = await TestConsumer.start([topic]);
    cleanup.push(() => reader.stop());
    return { topic, reader };
  }

  function seqsOnKafka(reader: TestConsumer, key: string): number[] {
    // A refused batch may have reached the partitions that accepted theirs before its rows were sent
    // one by one: the copies are duplicates (consumers deduplicate by id), the first of each counts.
    const seen = new Set<string>();
    return reader.messages
      .filter((m) => m.key === key && !seen.has(m.headers['ce_id']) && seen.add(m.headers['ce_id']))
      .map((m) => JSON.parse(m.value!).seq);
  }

  it('publishes every good row in order per key, parks a row for a missing topic and an oversized one, and goes on publishing', async () => {
    const { topic, reader } = await topicAndReader();
    const keys = Array.from({ length: 6 }, (_, i) => uniqueName(`lane-${i}`));
    const missingTopic = testTopic('parking-missing').name;
    let missingId = '';
    let alsoMissingId = '';
    let oversizedId = '';
    for (let seq = 1; seq <= 8; seq++) {
      for (const key of keys) await post(topic, key, seq);
      if (seq === 3) {
        missingId = await publishOn(missingTopic, keys[0], { key: keys[0], seq: 100 });
        alsoMissingId = await publishOn(missingTopic, keys[2], { key: keys[2], seq: 100 });
        // Over the broker's message.max.bytes (1 MiB by default).
        oversizedId = await publishOn(topic, keys[1], { key: 'x'.repeat(1_100_000), seq: 101 });
      }
    }
    const { relay, lines } = startRelay({ maxAttempts: 2, batchSize: 20 });
    await relay.start();

    await reader.waitFor(
      'the 48 good events on Kafka',
      () => keys.every((key) => seqsOnKafka(reader, key).length === 8),
      60_000,
    );
    for (const key of keys) expect(seqsOnKafka(reader, key)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await waitUntil('the poison rows parked', async () => (await relay.backlog()).parked === 3);

    // Retrying cannot make a record smaller: parked at its first refusal. A missing topic may be
    // being created: parked after maxAttempts, the rows of its key held back until then.
    expect(await state(oversizedId)).toEqual({
      attempts: 1,
      last_error: expect.stringMatching(/^MESSAGE_TOO_LARGE: /),
      parked: true,
      published: false,
    });
    // The topic's other row, of another key, gets the same answer without a send of its own.
    for (const eventId of [missingId, alsoMissingId]) {
      expect(await state(eventId)).toEqual({
        attempts: 2,
        last_error: expect.stringMatching(/^UNKNOWN_TOPIC_OR_PARTITION: /),
        parked: true,
        published: false,
      });
    }
    expect(await relay.backlog()).toMatchObject({ pending: 0, parked: 3 });
    const metrics = new MessagingMetrics(world.dataSource, undefined as never, { groupId: 'unused', logger: console });
    expect(await metrics.registry.getSingleMetricAsString('rebound_outbox_parked_rows')).toMatch(
      /^rebound_outbox_parked_rows 3$/m,
    );
    const parkings = lines.filter((line) => line['msg']?.toString().startsWith('outbox row parked'));
    expect(parkings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          topic,
          eventId: oversizedId,
          eventType: 'EntryRecorded',
          error: expect.stringMatching(/^MESSAGE_TOO_LARGE/),
        }),
        expect.objectContaining({
          level: 'error',
          topic: missingTopic,
          eventId: missingId,
          error: expect.stringMatching(/^UNKNOWN_TOPIC_OR_PARTITION/),
        }),
      ]),
    );

    await post(topic, keys[0], 9);
    await post(topic, keys[1], 9);
    await reader.waitFor('the rows written after the parking', () =>
      keys.slice(0, 2).every((key) => seqsOnKafka(reader, key).length === 9),
    );

    await createTopics([missingTopic], 3);
    createdTopics.push(missingTopic);
    expect(await relay.requeueParked([missingId, alsoMissingId])).toBe(2);
    await waitUntil(
      'the requeued rows published once their topic exists',
      async () => (await state(missingId)).published && (await state(alsoMissingId)).published,
    );
    expect(await relay.backlog()).toMatchObject({ pending: 0, parked: 1 });
  });

  it("keeps a refused row's count of attempts across a relay restart", async () => {
    const key = uniqueName('restart');
    const eventId = await publishOn(testTopic('parking-gone').name, key, { key, seq: 1 });
    const first = startRelay({ maxAttempts: 3 });
    await first.relay.start();
    await waitUntil('a first refusal counted', async () => (await state(eventId)).attempts >= 1);
    await first.relay.stop();
    const before = await state(eventId);
    expect(before).toMatchObject({ parked: false, published: false });

    const second = startRelay({ maxAttempts: 3 });
    await second.relay.start();
    await waitUntil('the row parked', async () => (await state(eventId)).parked);
    expect((await state(eventId)).attempts).toBe(3);
    const refusalsAfterRestart = second.lines.filter((line) => line['eventId'] === eventId).length;
    expect(refusalsAfterRestart).toBe(3 - before.attempts);
  });

  it('counts nothing against the rows while the broker refuses the relay itself', async () => {
    const key = uniqueName('refused-login');
    const eventId = await post(testTopic('parking-login').name, key, 1);
    const wrongPassword: KafkaConnection = {
      ...kafkaConnection(),
      sasl: { mechanism: 'scram-sha-512', username: 'rebound-tests', password: 'not-the-password' },
    };
    const { relay, lines } = startRelay({ maxAttempts: 1 }, wrongPassword);
    await relay.start();
    await waitUntil(
      'the relay to back off twice',
      () =>
        lines.filter((l) => l['msg'] === 'outbox relay could not publish; rows stay in the outbox and will be retried')
          .length >= 2,
    );
    await relay.stop();
    expect(lines.some((l) => l['msg']?.toString().startsWith('outbox batch refused'))).toBe(false);
    expect(await state(eventId)).toEqual({ attempts: 0, last_error: null, parked: false, published: false });
  });

  it('says it cannot publish while the broker refuses its login, before anything waits to be published, and no more once it can', async () => {
    const wrongPassword: KafkaConnection = {
      ...kafkaConnection(),
      sasl: { mechanism: 'scram-sha-512', username: 'rebound-tests', password: 'not-the-password' },
    };
    const problems: (string | undefined)[] = [];
    const refused = startRelay({ onProblem: (problem) => problems.push(problem) }, wrongPassword);
    await refused.relay.start();
    await waitUntil('the refusal reported', () => problems.some((problem) => problem?.includes('authentication')));
    await refused.relay.stop();

    const reports: (string | undefined)[] = [];
    const accepted = startRelay({ onProblem: (problem) => reports.push(problem) });
    await accepted.relay.start();
    await waitUntil('the relay connected', () => reports.at(-1) === undefined && reports.length > 1);

    expect(problems[0]).toBe('the outbox relay is connecting to Kafka');
    expect(problems.find((problem) => problem?.includes('authentication'))).toMatch(
      /^the outbox relay cannot publish: Kafka authentication failed .* as scram-sha-512 user rebound-tests/,
    );
    expect(reports).toEqual(['the outbox relay is connecting to Kafka', undefined]);
  });
});
