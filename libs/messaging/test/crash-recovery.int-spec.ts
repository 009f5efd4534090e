/**
 * Crashes and restarts, with the relay and the consumer as separate processes killed at chosen
 * moments — the failures an orchestrator or the kernel inflicts on a real service.
 */
import { Client } from 'pg';
import { kafkaConnection, KafkaJsBroker } from '@rebound/kafka';
import { encodeEvent } from '@rebound/contracts';
import { SeenMessage, TsProcess, committedOffsets, endOffsets, produce, uniqueName, waitUntil } from '@rebound/testing';
import { EventConsumer, Outbox } from '../src';
import { directEvent, ledgerHandler, recordPosting } from './fixtures/ledger.fixture';
import { capturingLogger } from './fixtures/log-capture';
import { useLedgerWorld } from './fixtures/ledger-world';

jest.setTimeout(180_000);

const FIXTURE = 'libs/messaging/test/fixtures/ledger-process.ts';

describe('crash recovery with the relay and consumer as separate processes', () => {
  const outbox = new Outbox('/rebound/tests');
  const world = useLedgerWorld('crash');

  function spawn(role: 'consumer' | 'relay', env: Record<string, string> = {}): TsProcess {
    const child = TsProcess.spawn(
      FIXTURE,
      {
        IT_ROLE: role,
        DATABASE_URL: world.schema.url,
        IT_SCHEMA: world.schema.name,
        IT_TOPIC: world.topic.name,
        IT_DLT: world.deadLetters.name,
        KAFKA_BROKERS: kafkaConnection().brokers.join(','),
        ...env,
      },
      `ledger ${role}`,
    );
    world.cleanup.push(() => child.ensureStopped());
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
      deadLetterTopic: world.deadLetters.name,
      dataSource: world.dataSource,
      broker: new KafkaJsBroker({ connection: kafkaConnection(), clientId: 'it-consumer', logger }),
      logger,
      handlers: [ledgerHandler(world.EntryRecorded).registration],
    });
    await consumer.start();
    world.cleanup.push(() => consumer.stop());
  }

  async function produceRaw(key: string, entries: { seq: number; holdMs?: number }[]): Promise<string[]> {
    const events = entries.map((data) => directEvent('EntryRecorded', key, { key, ...data }));
    // One send: both land in one record batch on one partition, so one fetch hands over both.
    await produce(
      world.topic.name,
      events.map((event) => encodeEvent(event)),
    );
    return events.map((event) => event.id);
  }

  /** Holds a row lock on one outbox row, so a relay's "mark as sent" blocks after Kafka acknowledged the batch. */
  async function lockOutboxRow(position: string): Promise<() => Promise<void>> {
    const client = new Client({ connectionString: world.schema.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query(`SELECT 1 FROM "${world.schema.name}".outbox WHERE position = $1 FOR UPDATE`, [position]);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await client.query('COMMIT');
      await client.end();
    };
    world.cleanup.push(release);
    return release;
  }

  async function pendingPositions(): Promise<string[]> {
    const rows: { position: string }[] = await world.dataSource.query(
      'SELECT position FROM outbox WHERE published_at IS NULL AND topic = $1 ORDER BY position',
      [world.topic.name],
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

    // One event per transaction, so the first commits while the second is being applied.
    const doomed = spawn('consumer', { IT_GROUP: group, IT_EVENTS_PER_TRANSACTION: '1' });
    await logged(doomed, 'event applied', first);
    await logged(doomed, 'applying event', second);
    expect((await world.ledgerRows(key)).map((r) => r.event_id)).toEqual([first]);
    const partition = world.reader.on(world.topic.name).find((m) => m.key === key)!.partition;
    expect((await committedOffsets(group, world.topic.name)).get(partition)).toBe(-1);
    doomed.kill('SIGKILL');
    await doomed.exited;

    const successor = spawn('consumer', { IT_GROUP: group, IT_MAX_HOLD_MS: '0' });
    await logged(successor, 'event already handled; redelivery ignored', first);
    await logged(successor, 'event applied', second);
    expect((await world.ledgerRows(key)).map((r) => r.event_id)).toEqual([first, second]);
    await waitUntil('the offsets past both events to be committed', async () => {
      const [committed, end] = await Promise.all([
        committedOffsets(group, world.topic.name),
        endOffsets(world.topic.name),
      ]);
      return committed.get(partition) === end.get(partition);
    });
    successor.kill('SIGTERM');
    expect(await successor.exited).toEqual({ code: 0, signal: null });
  });

  it('applies every event once when the relay is killed mid-batch and a new relay publishes the batch again', async () => {
    const keys = [uniqueName('mid-a'), uniqueName('mid-b'), uniqueName('mid-c')];
    for (let seq = 1; seq <= 10; seq++) {
      for (const key of keys)
        await world.dataSource.transaction((m) => recordPosting(m, outbox, world.EntryRecorded, key, seq));
    }
    const positions = await pendingPositions();
    const release = await lockOutboxRow(positions[positions.length - 1]);
    await startInProcessConsumer();

    const doomed = spawn('relay', { IT_BATCH: '50' });
    await world.reader.waitFor('the whole batch on Kafka', () => world.reader.on(world.topic.name).length === 30);
    await waitUntil('all 30 applied', async () => (await Promise.all(keys.map(world.ledgerRows))).flat().length === 30);
    expect(await pendingPositions()).toHaveLength(30);
    doomed.kill('SIGKILL');
    await doomed.exited;
    await release();

    const successor = spawn('relay', { IT_BATCH: '50' });
    await world.reader.waitFor(
      'the batch published a second time',
      () => world.reader.on(world.topic.name).length === 60,
    );
    await waitUntil('the outbox to be marked sent', async () => (await pendingPositions()).length === 0);
    const copies = new Map<string, number>();
    for (const message of world.reader.on(world.topic.name)) {
      copies.set(message.headers['ce_id'], (copies.get(message.headers['ce_id']) ?? 0) + 1);
    }
    expect([...copies.values()]).toEqual(Array(30).fill(2));
    for (const key of keys) {
      expect((await world.ledgerRows(key)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
    successor.kill('SIGTERM');
    expect((await successor.exited).code).toBe(0);
  });

  it('keeps each key in order across a relay restart', async () => {
    const keys = [uniqueName('order-a'), uniqueName('order-b'), uniqueName('order-c')];
    for (let seq = 1; seq <= 20; seq++) {
      for (const key of keys)
        await world.dataSource.transaction((m) => recordPosting(m, outbox, world.EntryRecorded, key, seq));
    }
    const positions = await pendingPositions();
    // The second batch of 25 blocks on this row, after Kafka has it: the restart re-sends that batch.
    const release = await lockOutboxRow(positions[39]);
    await startInProcessConsumer();

    const doomed = spawn('relay', { IT_BATCH: '25' });
    await world.reader.waitFor('two batches on Kafka', () => world.reader.on(world.topic.name).length === 50);
    doomed.kill('SIGKILL');
    await doomed.exited;
    await release();
    const successor = spawn('relay', { IT_BATCH: '25' });
    await waitUntil('the outbox to be marked sent', async () => (await pendingPositions()).length === 0);
    await waitUntil('all 60 applied', async () => (await Promise.all(keys.map(world.ledgerRows))).flat().length === 60);

    const expected = Array.from({ length: 20 }, (_, i) => i + 1);
    const onKafka = perKey(world.reader.on(world.topic.name));
    for (const key of keys) {
      const seen = onKafka.get(key)!;
      const firstSeen = seen.filter((seq, index) => seen.indexOf(seq) === index);
      expect(firstSeen).toEqual(expected);
      expect(seen.length).toBeGreaterThan(20);
      expect((await world.ledgerRows(key)).map((r) => r.seq)).toEqual(expected);
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
    expect((await world.ledgerRows(key)).map((r) => r.event_id)).toEqual([inFlight]);
    const message = world.reader.on(world.topic.name).find((m) => m.headers['ce_id'] === inFlight)!;
    expect((await committedOffsets(group, world.topic.name)).get(message.partition)).toBe(message.offset + 1);
  });
});
