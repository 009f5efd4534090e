/**
 * Crashes and restarts, with the relay and the consumer as separate processes killed at chosen
 * moments — the failures an orchestrator or the kernel inflicts on a real service.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TopicDefinition, encodeEvent } from '@rebound/contracts';
import { runMigrations } from '@rebound/persistence';
import {
  SeenMessage,
  TestConsumer,
  TestSchema,
  TsProcess,
  committedOffsets,
  createTopics,
  deleteTopics,
  endOffsets,
  testKafka,
  testTopic,
  uniqueName,
  waitUntil,
} from '@rebound/testing';
import { EventConsumer, KafkaJsBroker, Outbox, kafkaBrokers } from '../src';
import {
  EntryRecordedClass,
  ledgerDataSource,
  ledgerEvents,
  ledgerHandler,
  recordPosting,
} from './fixtures/ledger.fixture';
import { capturingLogger } from './fixtures/log-capture';

jest.setTimeout(180_000);

const FIXTURE = 'libs/messaging/test/fixtures/ledger-process.ts';

describe('crash recovery with the relay and consumer as separate processes', () => {
  const outbox = new Outbox('/rebound/tests');
  let schema: TestSchema;
  let dataSource: DataSource;
  let topic: TopicDefinition;
  let deadLetters: TopicDefinition;
  let EntryRecorded: EntryRecordedClass;
  let reader: TestConsumer;
  const topics: string[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    schema = await TestSchema.create('crash');
    dataSource = ledgerDataSource(schema.url, schema.name);
    await dataSource.initialize();
    await runMigrations(dataSource);
  });

  beforeEach(async () => {
    topic = testTopic('crash');
    deadLetters = testTopic('crash-dlt');
    topics.push(topic.name, deadLetters.name);
    await createTopics([topic.name, deadLetters.name], 3);
    EntryRecorded = ledgerEvents(topic.name).EntryRecorded;
    reader = await TestConsumer.start([topic.name]);
    cleanup.push(() => reader.stop());
  });

  afterEach(async () => {
    while (cleanup.length > 0) await cleanup.pop()!();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await schema?.drop();
    await deleteTopics(topics).catch(() => undefined);
  });

  function spawn(role: 'consumer' | 'relay', env: Record<string, string> = {}): TsProcess {
    const child = TsProcess.spawn(
      FIXTURE,
      {
        IT_ROLE: role,
        DATABASE_URL: schema.url,
        IT_SCHEMA: schema.name,
        IT_TOPIC: topic.name,
        IT_DLT: deadLetters.name,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        ...env,
      },
      `ledger ${role}`,
    );
    cleanup.push(() => child.ensureStopped());
    return child;
  }

  function logged(child: TsProcess, msg: string, eventId?: string): Promise<string> {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const conditions = [`(?=.*"msg":"${escape(msg)}")`, eventId ? `(?=.*"eventId":"${eventId}")` : ''];
    return child.waitForLine(new RegExp(`^${conditions.join('')}`));
  }

  async function startInProcessConsumer(): Promise<void> {
    const { logger } = capturingLogger('ledger-consumer');
    const consumer = new EventConsumer({
      groupId: uniqueName('it.crash', '-'),
      deadLetterTopic: deadLetters.name,
      dataSource,
      broker: new KafkaJsBroker({ brokers: kafkaBrokers(), clientId: 'it-consumer', logger }),
      logger,
      handlers: [ledgerHandler(EntryRecorded).registration],
    });
    await consumer.start();
    cleanup.push(() => consumer.stop());
  }

  async function ledgerRows(key: string): Promise<{ event_id: string; seq: number }[]> {
    return dataSource.query('SELECT event_id, seq FROM ledger_entry WHERE entry_key = $1 ORDER BY id', [key]);
  }

  async function produceRaw(key: string, entries: { seq: number; holdMs?: number }[]): Promise<string[]> {
    const events = entries.map((data) => ({
      id: randomUUID(),
      type: 'EntryRecorded',
      source: '/tests',
      subject: key,
      time: new Date(),
      data: { key, ...data },
    }));
    const producer = testKafka().producer();
    await producer.connect();
    // One send: both land in one record batch on one partition, so one fetch hands over both.
    await producer.send({ topic: topic.name, messages: events.map((event) => encodeEvent(event)) });
    await producer.disconnect();
    return events.map((event) => event.id);
  }

  /** Holds a row lock on one outbox row, so a relay's "mark as sent" blocks after Kafka acknowledged the batch. */
  async function lockOutboxRow(position: string): Promise<() => Promise<void>> {
    const client = new Client({ connectionString: schema.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query(`SELECT 1 FROM "${schema.name}".outbox WHERE position = $1 FOR UPDATE`, [position]);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await client.query('COMMIT');
      await client.end();
    };
    cleanup.push(release);
    return release;
  }

  async function pendingPositions(): Promise<string[]> {
    const rows: { position: string }[] = await dataSource.query(
      'SELECT position FROM outbox WHERE published_at IS NULL AND topic = $1 ORDER BY position',
      [topic.name],
    );
    return rows.map((row) => row.position);
  }

  function perKey(messages: SeenMessage[]): Map<string, number[]> {
    const byKey = new Map<string, number[]>();
    for (const message of messages) {
      const list = byKey.get(message.key!) ?? [];
      list.push(JSON.parse(message.value!).seq);
      byKey.set(message.key!, list);
    }
    return byKey;
  }

  it('applies an event once when the consumer is killed after its database commit but before its offset commit', async () => {
    const key = uniqueName('killed');
    const group = uniqueName('it.killed', '-');
    const [first, second] = await produceRaw(key, [{ seq: 1 }, { seq: 2, holdMs: 600_000 }]);

    const doomed = spawn('consumer', { IT_GROUP: group });
    await logged(doomed, 'event applied', first);
    await logged(doomed, 'applying event', second);
    expect((await ledgerRows(key)).map((r) => r.event_id)).toEqual([first]);
    const partition = reader.on(topic.name).find((m) => m.key === key)!.partition;
    expect((await committedOffsets(group, topic.name)).get(partition)).toBe(-1);
    doomed.kill('SIGKILL');
    await doomed.exited;

    const successor = spawn('consumer', { IT_GROUP: group, IT_MAX_HOLD_MS: '0' });
    await logged(successor, 'event already applied; redelivery ignored', first);
    await logged(successor, 'event applied', second);
    expect((await ledgerRows(key)).map((r) => r.event_id)).toEqual([first, second]);
    await waitUntil('the offsets past both events to be committed', async () => {
      const [committed, end] = await Promise.all([committedOffsets(group, topic.name), endOffsets(topic.name)]);
      return committed.get(partition) === end.get(partition);
    });
    successor.kill('SIGTERM');
    expect(await successor.exited).toEqual({ code: 0, signal: null });
  });

  it('applies every event once when the relay is killed mid-batch and a new relay publishes the batch again', async () => {
    const keys = [uniqueName('mid-a'), uniqueName('mid-b'), uniqueName('mid-c')];
    for (let seq = 1; seq <= 10; seq++) {
      for (const key of keys) await dataSource.transaction((m) => recordPosting(m, outbox, EntryRecorded, key, seq));
    }
    const positions = await pendingPositions();
    const release = await lockOutboxRow(positions[positions.length - 1]);
    await startInProcessConsumer();

    const doomed = spawn('relay', { IT_BATCH: '50' });
    await reader.waitFor('the whole batch on Kafka', () => reader.on(topic.name).length === 30);
    await waitUntil('all 30 applied', async () => (await Promise.all(keys.map(ledgerRows))).flat().length === 30);
    expect(await pendingPositions()).toHaveLength(30);
    doomed.kill('SIGKILL');
    await doomed.exited;
    await release();

    const successor = spawn('relay', { IT_BATCH: '50' });
    await reader.waitFor('the batch published a second time', () => reader.on(topic.name).length === 60);
    await waitUntil('the outbox to be marked sent', async () => (await pendingPositions()).length === 0);
    const copies = new Map<string, number>();
    for (const message of reader.on(topic.name)) {
      copies.set(message.headers['ce_id'], (copies.get(message.headers['ce_id']) ?? 0) + 1);
    }
    expect([...copies.values()]).toEqual(Array(30).fill(2));
    for (const key of keys) {
      expect((await ledgerRows(key)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
    successor.kill('SIGTERM');
    expect((await successor.exited).code).toBe(0);
  });

  it('keeps each key in order across a relay restart', async () => {
    const keys = [uniqueName('order-a'), uniqueName('order-b'), uniqueName('order-c')];
    for (let seq = 1; seq <= 20; seq++) {
      for (const key of keys) await dataSource.transaction((m) => recordPosting(m, outbox, EntryRecorded, key, seq));
    }
    const positions = await pendingPositions();
    // The second batch of 25 blocks on this row, after Kafka has it: the restart re-sends that batch.
    const release = await lockOutboxRow(positions[39]);
    await startInProcessConsumer();

    const doomed = spawn('relay', { IT_BATCH: '25' });
    await reader.waitFor('two batches on Kafka', () => reader.on(topic.name).length === 50);
    doomed.kill('SIGKILL');
    await doomed.exited;
    await release();
    const successor = spawn('relay', { IT_BATCH: '25' });
    await waitUntil('the outbox to be marked sent', async () => (await pendingPositions()).length === 0);
    await waitUntil('all 60 applied', async () => (await Promise.all(keys.map(ledgerRows))).flat().length === 60);

    const expected = Array.from({ length: 20 }, (_, i) => i + 1);
    const onKafka = perKey(reader.on(topic.name));
    for (const key of keys) {
      const seen = onKafka.get(key)!;
      const firstSeen = seen.filter((seq, index) => seen.indexOf(seq) === index);
      expect(firstSeen).toEqual(expected);
      expect(seen.length).toBeGreaterThan(20);
      expect((await ledgerRows(key)).map((r) => r.seq)).toEqual(expected);
    }
    successor.kill('SIGTERM');
    expect((await successor.exited).code).toBe(0);
  });

  it('drains on SIGTERM: finishes the message in flight, commits it, takes no new one, closes the database, exits 0', async () => {
    const key = uniqueName('drain');
    const group = uniqueName('it.drain', '-');
    const [inFlight, next] = await produceRaw(key, [{ seq: 1, holdMs: 3000 }, { seq: 2 }]);
    const child = spawn('consumer', { IT_GROUP: group });
    await logged(child, 'applying event', inFlight);
    child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });

    const messages = child.lines.map((line) => JSON.parse(line) as { msg: string; eventId?: string });
    const order = [
      messages.findIndex((m) => m.msg === 'SIGTERM received: draining'),
      messages.findIndex((m) => m.msg === 'consumer stopping: finishing in-flight work'),
      messages.findIndex((m) => m.msg === 'event applied' && m.eventId === inFlight),
      messages.findIndex((m) => m.msg === 'consumer stopped'),
      messages.findIndex((m) => m.msg === 'database closed; exiting'),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(messages.some((m) => m.eventId === next)).toBe(false);
    expect((await ledgerRows(key)).map((r) => r.event_id)).toEqual([inFlight]);
    const message = reader.on(topic.name).find((m) => m.headers['ce_id'] === inFlight)!;
    expect((await committedOffsets(group, topic.name)).get(message.partition)).toBe(message.offset + 1);
  });
});
