/**
 * The delivery guarantees of the messaging library, proven on the real broker and database:
 * what a downstream consumer actually applied and committed, not what the code said it did.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TopicDefinition, encodeEvent } from '@rebound/contracts';
import { childSpan, parseTraceparent, runInWorkContext } from '@rebound/observability';
import { runMigrations } from '@rebound/persistence';
import {
  TestConsumer,
  TestSchema,
  committedOffsets,
  createTopics,
  deleteTopics,
  endOffsets,
  localBroker,
  testKafka,
  testTopic,
  uniqueName,
  waitUntil,
} from '@rebound/testing';
import { DeadLetterHeaders, EventConsumer, KafkaJsBroker, Outbox, OutboxRelay, kafkaBrokers } from '../src';
import {
  EntryBehaviour,
  EntryRecordedClass,
  ledgerDataSource,
  ledgerEvents,
  ledgerHandler,
  recordPosting,
} from './fixtures/ledger.fixture';
import { capturingLogger } from './fixtures/log-capture';

jest.setTimeout(180_000);

describe('outbox → Kafka → inbox, on the real broker and database', () => {
  const outbox = new Outbox('/rebound/tests');
  let schema: TestSchema;
  let dataSource: DataSource;
  const running: { stop(): Promise<void> }[] = [];
  const topics: string[] = [];
  // Each test gets topics of its own, so no consumer ever sees another test's messages.
  let topic: TopicDefinition;
  let deadLetters: TopicDefinition;
  let EntryRecorded: EntryRecordedClass;
  let reader: TestConsumer;

  beforeAll(async () => {
    schema = await TestSchema.create('messaging');
    dataSource = ledgerDataSource(schema.url, schema.name);
    await dataSource.initialize();
    await runMigrations(dataSource);
  });

  beforeEach(async () => {
    topic = testTopic('ledger');
    deadLetters = testTopic('ledger-dlt');
    topics.push(topic.name, deadLetters.name);
    await createTopics([topic.name, deadLetters.name], 3);
    EntryRecorded = ledgerEvents(topic.name).EntryRecorded;
    reader = await TestConsumer.start([topic.name, deadLetters.name]);
    running.push(reader);
  });

  afterEach(async () => {
    while (running.length > 0) await running.pop()!.stop();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await schema?.drop();
    await deleteTopics(topics).catch(() => undefined);
  });

  function startRelay(logger = capturingLogger('relay').logger): OutboxRelay {
    const relay = new OutboxRelay({
      dataSource,
      producer: new KafkaJsBroker({ brokers: kafkaBrokers(), clientId: 'it-relay', logger }).producer(),
      logger,
      backoff: { initialDelayMs: 200, maxDelayMs: 2000 },
    });
    running.push(relay);
    return relay;
  }

  async function startConsumer(options: { maxAttempts?: number; sessionTimeoutMs?: number } = {}) {
    const { logger, lines } = capturingLogger('ledger-consumer');
    const handler = ledgerHandler(EntryRecorded);
    const groupId = uniqueName('it.ledger', '-');
    const consumer = new EventConsumer({
      groupId,
      deadLetterTopic: deadLetters.name,
      dataSource,
      broker: new KafkaJsBroker({ brokers: kafkaBrokers(), clientId: 'it-consumer', logger }),
      logger,
      handlers: [handler.registration],
      retry: { maxAttempts: options.maxAttempts ?? 4, initialDelayMs: 50, maxDelayMs: 200 },
      sessionTimeoutMs: options.sessionTimeoutMs,
      heartbeatIntervalMs: options.sessionTimeoutMs ? 1000 : undefined,
    });
    await consumer.start();
    running.push(consumer);
    return { consumer, groupId, lines, attempts: handler.attempts };
  }

  async function post(key: string, seq: number, behaviour: EntryBehaviour = {}): Promise<string> {
    return dataSource.transaction((manager) => recordPosting(manager, outbox, EntryRecorded, key, seq, behaviour));
  }

  async function ledgerRows(key: string): Promise<{ event_id: string; seq: number }[]> {
    return dataSource.query('SELECT event_id, seq FROM ledger_entry WHERE entry_key = $1 ORDER BY id', [key]);
  }

  async function waitForLedger(key: string, count: number, timeoutMs = 30_000) {
    return waitUntil(
      `${count} ledger rows for ${key}`,
      async () => {
        const rows = await ledgerRows(key);
        return rows.length >= count && rows;
      },
      { timeoutMs },
    );
  }

  it('applies an event once when Kafka delivers it twice', async () => {
    const key = uniqueName('dup');
    await startRelay().start();
    const { lines } = await startConsumer();
    const eventId = await post(key, 1);
    await waitForLedger(key, 1);

    const [published] = await reader.waitFor('the published event', (m) =>
      m.some((x) => x.headers['ce_id'] === eventId),
    );
    const original = reader.on(topic.name).find((m) => m.headers['ce_id'] === eventId)!;
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({
      topic: topic.name,
      messages: [{ key: original.key, value: original.value, headers: original.headers }],
    });
    await producer.disconnect();

    await reader.waitFor(
      'the second copy on the topic',
      () => reader.on(topic.name).filter((m) => m.headers['ce_id'] === eventId).length === 2,
    );
    await waitUntil('the consumer to skip the redelivery', () =>
      lines.some((line) => line['eventId'] === eventId && line['msg'] === 'event already applied; redelivery ignored'),
    );
    expect(published).toBeDefined();
    expect(await ledgerRows(key)).toEqual([{ event_id: eventId, seq: 1 }]);
  });

  it('publishes nothing for a transaction that rolled back', async () => {
    const key = uniqueName('rollback');
    await startRelay().start();
    await expect(
      dataSource.transaction(async (manager) => {
        await recordPosting(manager, outbox, EntryRecorded, key, 1);
        throw new Error('the use case failed after publishing');
      }),
    ).rejects.toThrow('the use case failed after publishing');
    const markerId = await post(key, 2);

    await reader.waitFor('the marker event', (m) => m.some((x) => x.headers['ce_id'] === markerId));
    const forKey = reader.on(topic.name).filter((m) => m.key === key);
    expect(forKey.map((m) => JSON.parse(m.value!).seq)).toEqual([2]);
    expect(await dataSource.query('SELECT seq FROM posting WHERE entry_key = $1', [key])).toEqual([{ seq: 2 }]);
  });

  it('carries the traceparent from the outbox row to the Kafka headers to the handler log lines', async () => {
    const key = uniqueName('trace');
    await startRelay().start();
    const { lines } = await startConsumer();
    const trace = childSpan();
    const eventId = await runInWorkContext({ trace }, () => post(key, 1));
    await waitForLedger(key, 1);

    const [row] = await dataSource.query('SELECT traceparent FROM outbox WHERE event_id = $1', [eventId]);
    expect(parseTraceparent(row.traceparent)?.traceId).toBe(trace.traceId);
    const onKafka = reader.on(topic.name).find((m) => m.headers['ce_id'] === eventId)!;
    expect(onKafka.headers['traceparent']).toBe(row.traceparent);
    const applied = await waitUntil('the handler log line', () =>
      lines.find((line) => line['eventId'] === eventId && line['msg'] === 'event applied'),
    );
    expect(applied).toMatchObject({ traceId: trace.traceId, returnId: key, eventType: 'EntryRecorded' });
  });

  it('retries a transient handler error and then applies the event once, without dead-lettering it', async () => {
    const key = uniqueName('transient');
    await startRelay().start();
    const { attempts } = await startConsumer();
    const eventId = await post(key, 1, { transientFailures: 2 });
    await waitForLedger(key, 1);
    expect(attempts.get(eventId)).toBe(3);
    expect(await ledgerRows(key)).toHaveLength(1);
    expect(reader.on(deadLetters.name).filter((m) => m.headers['ce_id'] === eventId)).toEqual([]);
  });

  it('dead-letters a poison message with its coordinates and error, and still processes the next message on the partition', async () => {
    const key = uniqueName('poison');
    const { groupId } = await startConsumer();
    const good = {
      id: randomUUID(),
      type: 'EntryRecorded',
      source: '/tests',
      subject: key,
      time: new Date(),
      data: { key, seq: 2 },
    };
    const poison = encodeEvent({ ...good, id: randomUUID(), data: {} });
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({
      topic: topic.name,
      messages: [
        { key, value: Buffer.from('{"key": "truncated'), headers: poison.headers },
        { key, value: encodeEvent(good).value, headers: encodeEvent(good).headers },
      ],
    });
    await producer.disconnect();

    await waitForLedger(key, 1);
    const [dead] = await reader
      .waitFor('the poison message in the dead-letter topic', () =>
        reader.on(deadLetters.name).some((m) => m.key === key),
      )
      .then(() => reader.on(deadLetters.name).filter((m) => m.key === key));
    const sourceMessage = reader.on(topic.name).find((m) => m.key === key && m.value?.startsWith('{"key": "trunc'))!;
    expect(dead.value).toBe('{"key": "truncated');
    expect(dead.headers).toMatchObject({
      [DeadLetterHeaders.originalTopic]: topic.name,
      [DeadLetterHeaders.originalPartition]: String(sourceMessage.partition),
      [DeadLetterHeaders.originalOffset]: String(sourceMessage.offset),
      [DeadLetterHeaders.consumerGroup]: groupId,
      [DeadLetterHeaders.errorClass]: 'InvalidEventError',
      [DeadLetterHeaders.errorKind]: 'permanent',
      [DeadLetterHeaders.attempts]: '1',
      ce_id: poison.headers['ce_id'],
    });
    expect(dead.headers[DeadLetterHeaders.errorMessage]).toMatch(/is not valid JSON/);
    expect((await ledgerRows(key)).map((r) => r.seq)).toEqual([2]);
  });

  it('dead-letters a handler rejection at once, and an error that outlasts every retry after the bounded attempts', async () => {
    const rejectedKey = uniqueName('rejected');
    const stuckKey = uniqueName('stuck');
    await startRelay().start();
    const { attempts } = await startConsumer({ maxAttempts: 3 });
    const rejectedId = await post(rejectedKey, 1, { rejected: true });
    const stuckId = await post(stuckKey, 1, { transientFailures: 99 });

    await reader.waitFor('both failures in the dead-letter topic', () =>
      [rejectedId, stuckId].every((id) => reader.on(deadLetters.name).some((m) => m.headers['ce_id'] === id)),
    );
    const dead = (id: string) => reader.on(deadLetters.name).find((m) => m.headers['ce_id'] === id)!.headers;
    expect(dead(rejectedId)).toMatchObject({
      [DeadLetterHeaders.errorClass]: 'PermanentError',
      [DeadLetterHeaders.errorKind]: 'permanent',
      [DeadLetterHeaders.attempts]: '1',
      [DeadLetterHeaders.errorMessage]: `entry ${rejectedKey}/1 is rejected by the ledger rules`,
    });
    expect(dead(stuckId)).toMatchObject({
      [DeadLetterHeaders.errorClass]: 'TransientError',
      [DeadLetterHeaders.errorKind]: 'exhausted',
      [DeadLetterHeaders.attempts]: '3',
    });
    expect(attempts.get(rejectedId)).toBe(1);
    expect(attempts.get(stuckId)).toBe(3);
    expect(await ledgerRows(rejectedKey)).toEqual([]);
    expect(await ledgerRows(stuckKey)).toEqual([]);
  });

  it('keeps a long handler in its group by heartbeating, so its message is neither redelivered nor applied twice', async () => {
    const key = uniqueName('long');
    await startRelay().start();
    const { groupId, lines } = await startConsumer({ sessionTimeoutMs: 6000 });
    const eventId = await post(key, 1, { holdMs: 9000 });
    const nextId = await post(key, 2);
    await waitForLedger(key, 2, 40_000);
    await waitUntil('the offsets to be committed', async () => {
      const [committed, end] = await Promise.all([committedOffsets(groupId, topic.name), endOffsets(topic.name)]);
      return [...end].every(([partition, offset]) => committed.get(partition) === offset || offset === 0);
    });
    expect((await ledgerRows(key)).map((r) => r.event_id)).toEqual([eventId, nextId]);
    expect(lines.filter((l) => l['msg'] === 'event already applied; redelivery ignored')).toEqual([]);
  });

  it('loses nothing when Kafka is stopped while rows are written, and publishes them when it is back', async () => {
    const key = uniqueName('outage');
    const { logger, lines } = capturingLogger('relay');
    await startRelay(logger).start();
    await startConsumer();
    await localBroker.stop();
    try {
      for (let seq = 1; seq <= 20; seq++) await post(key, seq);
      await waitUntil('the relay to notice Kafka is down', () =>
        lines.some((l) => l['msg'] === 'outbox relay could not publish; rows stay in the outbox and will be retried'),
      );
      const [{ pending }] = await dataSource.query(
        `SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL AND subject = $1`,
        [key],
      );
      expect(pending).toBe(20);
    } finally {
      await localBroker.start();
    }
    const rows = await waitForLedger(key, 20, 120_000);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(20);
  });
});
