/**
 * Parking, on the real broker and database: an event whose handler waits for a fact not read yet
 * (FactNotYetKnownError) is kept in the database instead of being retried in place and
 * dead-lettered; its key's later events wait behind it; its attempt count survives a restart; and
 * once the fact is read they apply in order, once each. A try that fails leaves nothing of what its
 * handler did before failing: no row, no event published, no state-change line. One still waiting at
 * the maximum age is dead-lettered with its attempts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { kafkaConnection, KafkaJsBroker } from '@rebound/kafka';
import { encodeEvent } from '@rebound/contracts';
import { produce, uniqueName, waitUntil } from '@rebound/testing';
import { EventConsumer, EventHandlerRegistration, FactNotYetKnownError, Outbox, ParkingPolicy } from '../src';
import { StateChangeLog } from '../src/lib/outbox/state-change-log';
import {
  EntryRecordedClass,
  directEvent,
  ledgerEvents,
  ledgerHandler,
  replayDeadLetter,
} from './fixtures/ledger.fixture';
import { capturingLogger } from './fixtures/log-capture';
import { useLedgerWorld } from './fixtures/ledger-world';

jest.setTimeout(60_000);

/** The consumer's in-place retries of a transient error (default policy: 5 tries) end within this. */
const OLD_RETRY_WINDOW_MS = 3_500;
const QUICK_PARKING: Partial<ParkingPolicy> = { initialDelayMs: 200, maxDelayMs: 400, sweepIntervalMs: 100 };

interface ParkedRow {
  event_id: string;
  reason: string;
  attempts: number;
}

describe('parking events that wait for a fact not read yet', () => {
  const world = useLedgerWorld('parking');

  async function startConsumer(
    groupId: string,
    parking: Partial<ParkingPolicy>,
    handler: EventHandlerRegistration = ledgerHandler(world.EntryRecorded).registration,
  ) {
    const { logger, lines } = capturingLogger('parking-consumer');
    const consumer = new EventConsumer({
      groupId,
      deadLetterTopic: world.deadLetters.name,
      dataSource: world.dataSource,
      broker: new KafkaJsBroker({ connection: kafkaConnection(), clientId: 'it-parking', logger }),
      logger,
      handlers: [handler],
      parking,
      // Replicas leave and join: a short heartbeat lets the other member learn of each rebalance soon.
      heartbeatIntervalMs: 500,
    });
    await consumer.start();
    let stopped = false;
    world.cleanup.push(() => (stopped ? Promise.resolve() : consumer.stop()));
    return {
      lines,
      stop: async () => {
        stopped = true;
        await consumer.stop();
      },
    };
  }

  function parkedRows(groupId: string): Promise<ParkedRow[]> {
    return world.dataSource.query(
      'SELECT event_id, reason, attempts FROM parked_event WHERE consumer_group = $1 ORDER BY position',
      [groupId],
    );
  }

  async function inboxOutcomes(groupId: string): Promise<Record<string, string>> {
    const rows: { event_id: string; outcome: string }[] = await world.dataSource.query(
      'SELECT event_id, outcome FROM inbox WHERE consumer_group = $1',
      [groupId],
    );
    return Object.fromEntries(rows.map((row) => [row.event_id, row.outcome]));
  }

  function deadLettersOf(eventId: string) {
    return world.reader.on(world.deadLetters.name).filter((message) => message.headers['ce_id'] === eventId);
  }

  it("parks a waiting event and its key's later ones through a restart, then two replicas apply them in order once the fact is read", async () => {
    const groupId = uniqueName('it.parking', '-');
    const key = uniqueName('waiting');
    const factKey = uniqueName('fact');
    const waiting = directEvent('EntryRecorded', key, { key, seq: 1, waitsFor: factKey });
    const behind = [2, 3].map((seq) => directEvent('EntryRecorded', key, { key, seq }));
    const ids = [waiting.id, ...behind.map((event) => event.id)];
    // Two replicas of the group: one reads the key's partition, both try the parked events.
    const [first, other] = await Promise.all([
      startConsumer(groupId, QUICK_PARKING),
      startConsumer(groupId, QUICK_PARKING),
    ]);

    await produce(
      world.topic.name,
      [waiting, ...behind].map((event) => encodeEvent(event)),
    );
    const parkedSince = Date.now();
    await waitUntil('every event parked', async () => (await parkedRows(groupId)).length === 3);
    expect((await parkedRows(groupId)).slice(1)).toEqual([
      { event_id: ids[1], reason: `waiting behind event ${ids[0]}`, attempts: 0 },
      { event_id: ids[2], reason: `waiting behind event ${ids[1]}`, attempts: 0 },
    ]);
    expect(await inboxOutcomes(groupId)).toEqual(Object.fromEntries(ids.map((id) => [id, 'parked'])));
    expect([...first.lines, ...other.lines]).toContainEqual(
      expect.objectContaining({ level: 'info', eventId: waiting.id, reason: `no ledger entry of ${factKey} yet` }),
    );

    // Well past the window in which the waiting event used to be retried in place and dead-lettered.
    await sleep(Math.max(0, parkedSince + OLD_RETRY_WINDOW_MS - Date.now()));
    const [beforeRestart] = await parkedRows(groupId);
    expect(beforeRestart).toMatchObject({ event_id: waiting.id, reason: `no ledger entry of ${factKey} yet` });
    expect(beforeRestart.attempts).toBeGreaterThanOrEqual(3);
    await first.stop();

    const second = await startConsumer(groupId, QUICK_PARKING);
    const seen: number[] = [];
    await waitUntil('the waiting event tried again after the restart', async () => {
      const [row] = await parkedRows(groupId);
      seen.push(row.attempts);
      return row.attempts > beforeRestart.attempts;
    });
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(beforeRestart.attempts);

    await produce(world.topic.name, [encodeEvent(directEvent('EntryRecorded', factKey, { key: factKey, seq: 1 }))]);
    await waitUntil('nothing parked', async () => (await parkedRows(groupId)).length === 0);

    expect(await world.ledgerRows(key)).toEqual(ids.map((id, index) => ({ event_id: id, seq: index + 1 })));
    expect(await inboxOutcomes(groupId)).toMatchObject(Object.fromEntries(ids.map((id) => [id, 'applied'])));
    const running = [...other.lines, ...second.lines];
    const appliedParked = running.filter((line) => line['msg'] === 'event applied' && line['parked'] === true);
    expect(appliedParked.map((line) => line['eventId']).sort()).toEqual([...ids].sort());
    await produce(world.topic.name, [encodeEvent(waiting)]);
    await waitUntil('the redelivery ignored', () =>
      [...other.lines, ...second.lines].some(
        (line) => line['eventId'] === waiting.id && line['msg'] === 'event already handled; redelivery ignored',
      ),
    );
    expect(await world.ledgerRows(key)).toHaveLength(3);
    for (const id of ids) expect(deadLettersOf(id)).toEqual([]);
  });

  it('dead-letters a parked event still waiting at the maximum age, with its attempts; a replay once the fact is read applies it', async () => {
    const groupId = uniqueName('it.parking-age', '-');
    const key = uniqueName('late');
    const factKey = uniqueName('missing');
    const event = directEvent('EntryRecorded', key, { key, seq: 1, waitsFor: factKey });
    await startConsumer(groupId, { ...QUICK_PARKING, maxAgeMs: 1_500 });

    await produce(world.topic.name, [encodeEvent(event)]);
    await world.reader.waitFor('the dead letter', () => deadLettersOf(event.id).length === 1);

    const [deadLetter] = deadLettersOf(event.id);
    expect(deadLetter.headers).toMatchObject({
      'dlt-consumer-group': groupId,
      'dlt-error-class': 'FactNotYetKnownError',
      'dlt-error-kind': 'exhausted',
    });
    expect(Number(deadLetter.headers['dlt-attempts'])).toBeGreaterThan(1);
    await waitUntil('nothing parked', async () => (await parkedRows(groupId)).length === 0);
    expect(await inboxOutcomes(groupId)).toEqual({ [event.id]: 'dead-lettered' });
    expect(await world.ledgerRows(key)).toEqual([]);

    const fact = directEvent('EntryRecorded', factKey, { key: factKey, seq: 1 });
    await produce(world.topic.name, [encodeEvent(fact)]);
    await waitUntil('the fact applied', async () => (await world.ledgerRows(factKey)).length === 1);
    await replayDeadLetter(deadLetter);
    await waitUntil('the replay applied', async () => (await world.ledgerRows(key)).length === 1);
    expect(await inboxOutcomes(groupId)).toMatchObject({ [event.id]: 'applied' });
  });

  it('keeps nothing a parked event wrote or published on the tries that failed, and publishes its follow-up once when it applies', async () => {
    const groupId = uniqueName('it.parking-undo', '-');
    const key = uniqueName('undone');
    const factKey = uniqueName('fact');
    const { EntryRecorded: FollowUp } = ledgerEvents(uniqueName('parked-follow-up'));
    const outbox = new Outbox('/rebound/tests');
    // Writes its ledger row and publishes its follow-up before it finds out whether the fact is known.
    const handler: EventHandlerRegistration = {
      eventClass: world.EntryRecorded,
      name: 'Ledger.recordThenCheck',
      handle: async (event, manager) => {
        const entry = event.data as InstanceType<EntryRecordedClass>;
        await manager.query('INSERT INTO ledger_entry (event_id, entry_key, seq) VALUES ($1, $2, $3)', [
          event.id,
          entry.key,
          entry.seq,
        ]);
        await outbox.publish(manager, FollowUp, { key: entry.key, seq: entry.seq }, { subject: entry.key });
        if (!entry.waitsFor) return;
        const [fact] = await manager.query('SELECT 1 FROM ledger_entry WHERE entry_key = $1 LIMIT 1', [entry.waitsFor]);
        if (!fact) throw new FactNotYetKnownError(`no ledger entry of ${entry.waitsFor} yet`);
      },
    };
    const log = capturingLogger('parking-state-changes');
    const stateChanges = new StateChangeLog(log.logger);
    world.dataSource.subscribers.push(stateChanges);
    world.cleanup.push(async () => {
      world.dataSource.subscribers.splice(world.dataSource.subscribers.indexOf(stateChanges), 1);
    });
    const followUps = (subject: string): Promise<{ seq: number }[]> =>
      world.dataSource.query("SELECT payload->'seq' AS seq FROM outbox WHERE topic = $1 AND subject = $2", [
        FollowUp.topic.name,
        subject,
      ]);
    const stateChangesOf = (subject: string) =>
      log.lines.filter((line) => line['stateChange'] === 'EntryRecorded' && line['subject'] === subject);
    const waiting = directEvent('EntryRecorded', key, { key, seq: 1, waitsFor: factKey });
    await startConsumer(groupId, QUICK_PARKING, handler);

    await produce(world.topic.name, [encodeEvent(waiting)]);
    // Read and parked (the first try), then tried again by the retrier at least twice.
    await waitUntil('the parked event tried again and again', async () => {
      const [row] = await parkedRows(groupId);
      return row !== undefined && row.attempts >= 3;
    });
    expect(await world.ledgerRows(key)).toEqual([]);
    expect(await followUps(key)).toEqual([]);
    expect(stateChangesOf(key)).toEqual([]);

    await produce(world.topic.name, [encodeEvent(directEvent('EntryRecorded', factKey, { key: factKey, seq: 1 }))]);
    await waitUntil('nothing parked', async () => (await parkedRows(groupId)).length === 0);

    expect(await world.ledgerRows(key)).toEqual([{ event_id: waiting.id, seq: 1 }]);
    expect(await followUps(key)).toEqual([{ seq: 1 }]);
    await waitUntil('its state change said', () => stateChangesOf(key).length > 0);
    expect(stateChangesOf(key)).toHaveLength(1);
    expect(await inboxOutcomes(groupId)).toMatchObject({ [waiting.id]: 'applied' });
  });
});
