/**
 * The delivery guarantees of the messaging library, proven on the real broker and database:
 * what a downstream consumer actually applied and committed, not what the code said it did.
 */
import { kafkaConnection, KafkaJsBroker } from '@rebound/kafka';
import { encodeEvent } from '@rebound/contracts';
import { childSpan, parseTraceparent, runInWorkContext } from '@rebound/observability';
import { committedOffsets, endOffsets, localBroker, produce, uniqueName, waitUntil } from '@rebound/testing';
import { DeadLetterHeaders, EventConsumer, Outbox, OutboxRelay } from '../src';
import { EntryBehaviour, directEvent, ledgerHandler, recordPosting } from './fixtures/ledger.fixture';
import { capturingLogger } from './fixtures/log-capture';
import { useLedgerWorld } from './fixtures/ledger-world';

jest.setTimeout(180_000);

describe('outbox → Kafka → inbox, on the real broker and database', () => {
  const outbox = new Outbox('/rebound/tests');
  const world = useLedgerWorld('ledger');

  function startRelay(
    logger = capturingLogger('relay').logger,
    options: { batchSize?: number; pollIntervalMs?: number; retentionMs?: number } = {},
  ): OutboxRelay {
    const relay = new OutboxRelay({
      dataSource: world.dataSource,
      producer: new KafkaJsBroker({ connection: kafkaConnection(), clientId: 'it-relay', logger }).producer(),
      logger,
      backoff: { initialDelayMs: 200, maxDelayMs: 2000 },
      ...options,
    });
    world.cleanup.push(() => relay.stop());
    return relay;
  }

  async function startConsumer(options: { maxAttempts?: number; sessionTimeoutMs?: number } = {}) {
    const { logger, lines } = capturingLogger('ledger-consumer');
    const handler = ledgerHandler(world.EntryRecorded);
    const groupId = uniqueName('it.ledger', '-');
    const consumer = new EventConsumer({
      groupId,
      deadLetterTopic: world.deadLetters.name,
      dataSource: world.dataSource,
      broker: new KafkaJsBroker({ connection: kafkaConnection(), clientId: 'it-consumer', logger }),
      logger,
      handlers: [handler.registration],
      retry: { maxAttempts: options.maxAttempts ?? 4, initialDelayMs: 50, maxDelayMs: 200 },
      sessionTimeoutMs: options.sessionTimeoutMs,
      heartbeatIntervalMs: options.sessionTimeoutMs ? 1000 : undefined,
    });
    await consumer.start();
    world.cleanup.push(() => consumer.stop());
    return { consumer, groupId, lines, attempts: handler.attempts };
  }

  async function post(key: string, seq: number, behaviour: EntryBehaviour = {}): Promise<string> {
    return world.dataSource.transaction((manager) =>
      recordPosting(manager, outbox, world.EntryRecorded, key, seq, behaviour),
    );
  }

  async function waitForLedger(key: string, count: number, timeoutMs = 30_000) {
    return waitUntil(
      `${count} ledger rows for ${key}`,
      async () => {
        const rows = await world.ledgerRows(key);
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

    const [published] = await world.reader.waitFor('the published event', (m) =>
      m.some((x) => x.headers['ce_id'] === eventId),
    );
    const original = world.reader.on(world.topic.name).find((m) => m.headers['ce_id'] === eventId)!;
    await produce(world.topic.name, [original]);

    await world.reader.waitFor(
      'the second copy on the topic',
      () => world.reader.on(world.topic.name).filter((m) => m.headers['ce_id'] === eventId).length === 2,
    );
    await waitUntil('the consumer to skip the redelivery', () =>
      lines.some((line) => line['eventId'] === eventId && line['msg'] === 'event already handled; redelivery ignored'),
    );
    expect(published).toBeDefined();
    expect(await world.ledgerRows(key)).toEqual([{ event_id: eventId, seq: 1 }]);
  });

  it('publishes nothing for a transaction that rolled back', async () => {
    const key = uniqueName('rollback');
    await startRelay().start();
    await expect(
      world.dataSource.transaction(async (manager) => {
        await recordPosting(manager, outbox, world.EntryRecorded, key, 1);
        throw new Error('the use case failed after publishing');
      }),
    ).rejects.toThrow('the use case failed after publishing');
    const markerId = await post(key, 2);

    await world.reader.waitFor('the marker event', (m) => m.some((x) => x.headers['ce_id'] === markerId));
    const forKey = world.reader.on(world.topic.name).filter((m) => m.key === key);
    expect(forKey.map((m) => JSON.parse(m.value!).seq)).toEqual([2]);
    expect(await world.dataSource.query('SELECT seq FROM posting WHERE entry_key = $1', [key])).toEqual([{ seq: 2 }]);
  });

  it('wakes the relay when a transaction commits, without waiting for its next poll', async () => {
    const key = uniqueName('notify');
    await startRelay(undefined, { pollIntervalMs: 600_000 }).start();
    // Let the relay finish its start-up pass and go idle, so only a notification can wake it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const eventId = await post(key, 1);
    await world.reader.waitFor(
      'the event on Kafka long before the next poll',
      (m) => m.some((x) => x.headers['ce_id'] === eventId),
      10_000,
    );
  });

  it('publishes every row exactly once and in order per key while two relays run at once', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => uniqueName(`replica-${i}`));
    await Promise.all([
      startRelay(undefined, { batchSize: 10 }).start(),
      startRelay(undefined, { batchSize: 10 }).start(),
    ]);
    for (let seq = 1; seq <= 15; seq++) {
      await Promise.all(keys.map((key) => post(key, seq)));
    }
    const published = await world.reader.waitFor('all 120 events on Kafka', (m) => m.length >= 120);
    await waitUntil('the outbox to be marked sent', async () => {
      const [{ pending }] = await world.dataSource.query(
        'SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL',
      );
      return pending === 0;
    });
    expect(new Set(published.map((m) => m.headers['ce_id'])).size).toBe(published.length);
    for (const key of keys) {
      const seqs = world.reader
        .on(world.topic.name)
        .filter((m) => m.key === key)
        .map((m) => JSON.parse(m.value!).seq);
      expect(seqs).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    }
  });

  it('carries the traceparent from the outbox row to the Kafka headers to the handler log lines', async () => {
    const key = uniqueName('trace');
    await startRelay().start();
    const { lines } = await startConsumer();
    const trace = childSpan();
    const eventId = await runInWorkContext({ trace }, () => post(key, 1));
    await waitForLedger(key, 1);

    const [row] = await world.dataSource.query('SELECT traceparent FROM outbox WHERE event_id = $1', [eventId]);
    expect(parseTraceparent(row.traceparent)?.traceId).toBe(trace.traceId);
    const onKafka = world.reader.on(world.topic.name).find((m) => m.headers['ce_id'] === eventId)!;
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
    expect(await world.ledgerRows(key)).toHaveLength(1);
    expect(world.reader.on(world.deadLetters.name).filter((m) => m.headers['ce_id'] === eventId)).toEqual([]);
  });

  it('dead-letters a poison message with its coordinates and error, and still processes the next message on the partition', async () => {
    const key = uniqueName('poison');
    const { groupId } = await startConsumer();
    const good = directEvent('EntryRecorded', key, { key, seq: 2 });
    const poison = encodeEvent(directEvent('EntryRecorded', key, {}));
    await produce(world.topic.name, [{ key, value: '{"key": "truncated', headers: poison.headers }, encodeEvent(good)]);

    await waitForLedger(key, 1);
    const [dead] = await world.reader
      .waitFor('the poison message in the dead-letter topic', () =>
        world.reader.on(world.deadLetters.name).some((m) => m.key === key),
      )
      .then(() => world.reader.on(world.deadLetters.name).filter((m) => m.key === key));
    const sourceMessage = world.reader
      .on(world.topic.name)
      .find((m) => m.key === key && m.value?.startsWith('{"key": "trunc'))!;
    expect(dead.value).toBe('{"key": "truncated');
    expect(dead.headers).toMatchObject({
      [DeadLetterHeaders.originalTopic]: world.topic.name,
      [DeadLetterHeaders.originalPartition]: String(sourceMessage.partition),
      [DeadLetterHeaders.originalOffset]: String(sourceMessage.offset),
      [DeadLetterHeaders.consumerGroup]: groupId,
      [DeadLetterHeaders.errorClass]: 'InvalidEventError',
      [DeadLetterHeaders.errorKind]: 'permanent',
      [DeadLetterHeaders.attempts]: '1',
      ce_id: poison.headers['ce_id'],
    });
    expect(dead.headers[DeadLetterHeaders.errorMessage]).toMatch(/is not valid JSON/);
    expect((await world.ledgerRows(key)).map((r) => r.seq)).toEqual([2]);
  });

  it('dead-letters a handler rejection at once, and an error that outlasts every retry after the bounded attempts', async () => {
    const rejectedKey = uniqueName('rejected');
    const stuckKey = uniqueName('stuck');
    await startRelay().start();
    const { attempts } = await startConsumer({ maxAttempts: 3 });
    const rejectedId = await post(rejectedKey, 1, { rejected: true });
    const stuckId = await post(stuckKey, 1, { transientFailures: 99 });

    await world.reader.waitFor('both failures in the dead-letter topic', () =>
      [rejectedId, stuckId].every((id) =>
        world.reader.on(world.deadLetters.name).some((m) => m.headers['ce_id'] === id),
      ),
    );
    const dead = (id: string) =>
      world.reader.on(world.deadLetters.name).find((m) => m.headers['ce_id'] === id)!.headers;
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
    expect(await world.ledgerRows(rejectedKey)).toEqual([]);
    expect(await world.ledgerRows(stuckKey)).toEqual([]);
  });

  it('does not try or dead-letter a redelivered copy of an event it already dead-lettered', async () => {
    const key = uniqueName('dead-again');
    await startRelay().start();
    const { attempts, lines } = await startConsumer();
    const eventId = await post(key, 1, { rejected: true });
    const [dead] = await world.reader.waitFor('the rejection in the dead-letter topic', (m) =>
      m.some((x) => x.topic === world.deadLetters.name && x.headers['ce_id'] === eventId),
    );
    expect(dead).toBeDefined();
    const original = world.reader.on(world.topic.name).find((m) => m.headers['ce_id'] === eventId)!;
    await produce(world.topic.name, [original]);

    await waitUntil('the consumer to skip the copy', () =>
      lines.some((line) => line['eventId'] === eventId && line['msg'] === 'event already handled; redelivery ignored'),
    );
    expect(attempts.get(eventId)).toBe(1);
    expect(world.reader.on(world.deadLetters.name).filter((m) => m.headers['ce_id'] === eventId)).toHaveLength(1);
    expect(await world.dataSource.query('SELECT outcome FROM inbox WHERE event_id = $1', [eventId])).toEqual([
      { outcome: 'dead-lettered' },
    ]);
  });

  it('skips event types the group has no handler for, without dead-lettering them', async () => {
    const key = uniqueName('other-type');
    const { lines } = await startConsumer();
    await produce(world.topic.name, [
      encodeEvent(directEvent('EntryAudited', key, { key })),
      encodeEvent(directEvent('EntryRecorded', key, { key, seq: 1 })),
    ]);

    await waitForLedger(key, 1);
    expect(lines.some((l) => l['msg'] === 'event type not handled by this group; skipped')).toBe(true);
    expect(world.reader.on(world.deadLetters.name)).toEqual([]);
  });

  it('deletes sent rows once they are older than the retention, and keeps unsent ones', async () => {
    const key = uniqueName('retention');
    const eventId = await post(key, 1);
    await startRelay(undefined, { retentionMs: 0 }).start();
    await world.reader.waitFor('the event on Kafka', (m) => m.some((x) => x.headers['ce_id'] === eventId));
    await waitUntil('the sent row to be deleted', async () => {
      const rows = await world.dataSource.query('SELECT 1 FROM outbox WHERE event_id = $1', [eventId]);
      return rows.length === 0;
    });
  });

  it('keeps a long handler in its group by heartbeating, so its message is neither redelivered nor applied twice', async () => {
    const key = uniqueName('long');
    await startRelay().start();
    const { groupId, lines } = await startConsumer({ sessionTimeoutMs: 6000 });
    const eventId = await post(key, 1, { holdMs: 9000 });
    const nextId = await post(key, 2);
    await waitForLedger(key, 2, 40_000);
    await waitUntil('the offsets to be committed', async () => {
      const [committed, end] = await Promise.all([
        committedOffsets(groupId, world.topic.name),
        endOffsets(world.topic.name),
      ]);
      return [...end].every(([partition, offset]) => committed.get(partition) === offset || offset === 0);
    });
    expect((await world.ledgerRows(key)).map((r) => r.event_id)).toEqual([eventId, nextId]);
    expect(lines.filter((l) => l['msg'] === 'event already handled; redelivery ignored')).toEqual([]);
  });

  it('loses nothing and counts nothing against the rows when Kafka is stopped while they are written, and publishes them when it is back', async () => {
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
      // Kafka being away is nothing the rows did: no attempt is counted against them, none is parked.
      const [{ pending, charged }] = await world.dataSource.query(
        `SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0 OR parked_at IS NOT NULL)::int AS charged
           FROM outbox WHERE published_at IS NULL AND subject = $1`,
        [key],
      );
      expect({ pending, charged }).toEqual({ pending: 20, charged: 0 });
    } finally {
      await localBroker.start();
    }
    const rows = await waitForLedger(key, 20, 120_000);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(20);
  });
});
