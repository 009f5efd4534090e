/**
 * Several events of a partition applied in one transaction, on the real broker and database: each
 * under a savepoint of its own, so an event that fails takes none of its neighbours with it; a batch
 * delivered again applies nothing twice; and a key's events still apply in the order they were read
 * when one in the middle fails for a while. An inbox row's `processed_at` is the start of the
 * transaction that applied its event, so equal ones mean one transaction.
 */
import { kafkaConnection, KafkaJsBroker } from '@rebound/kafka';
import { EventEnvelope, encodeEvent } from '@rebound/contracts';
import { produce, uniqueName, waitUntil } from '@rebound/testing';
import { EventConsumer, EventHandlerRegistration, Outbox, PermanentError } from '../src';
import { EntryRecordedClass, directEvent, ledgerEvents, ledgerHandler } from './fixtures/ledger.fixture';
import { StateChangeLog } from '../src/lib/outbox/state-change-log';
import { capturingLogger } from './fixtures/log-capture';
import { useLedgerWorld } from './fixtures/ledger-world';

jest.setTimeout(60_000);

describe('applying a batch of events in one transaction', () => {
  const world = useLedgerWorld('batched');

  async function startConsumer(groupId: string, handler?: EventHandlerRegistration) {
    const { logger, lines } = capturingLogger('batched-consumer');
    const ledger = ledgerHandler(world.EntryRecorded);
    const consumer = new EventConsumer({
      groupId,
      deadLetterTopic: world.deadLetters.name,
      dataSource: world.dataSource,
      broker: new KafkaJsBroker({ connection: kafkaConnection(), clientId: 'it-batched', logger }),
      logger,
      handlers: [handler ?? ledger.registration],
      retry: { maxAttempts: 5, initialDelayMs: 50, maxDelayMs: 100 },
    });
    await consumer.start();
    world.cleanup.push(() => consumer.stop());
    return { lines, attempts: ledger.attempts };
  }

  /** The events in one send to one partition: one record batch, which one fetch hands over whole. */
  async function produceTogether(events: readonly EventEnvelope[]): Promise<void> {
    await produce(
      world.topic.name,
      events.map((event) => ({ ...encodeEvent(event), partition: 0 })),
    );
  }

  async function inbox(groupId: string): Promise<Map<string, { outcome: string; processedAt: number }>> {
    const rows: { event_id: string; outcome: string; processed_at: Date }[] = await world.dataSource.query(
      'SELECT event_id, outcome, processed_at FROM inbox WHERE consumer_group = $1',
      [groupId],
    );
    return new Map(
      rows.map((row) => [row.event_id, { outcome: row.outcome, processedAt: row.processed_at.getTime() }]),
    );
  }

  function ledgerRowsOf(eventIds: readonly string[]): Promise<{ event_id: string }[]> {
    return world.dataSource.query('SELECT event_id FROM ledger_entry WHERE event_id = ANY($1) ORDER BY id', [eventIds]);
  }

  function deadLettersOf(eventId: string) {
    return world.reader.on(world.deadLetters.name).filter((message) => message.headers['ce_id'] === eventId);
  }

  it('dead-letters the one event its handler rejects while the events around it in the batch are applied', async () => {
    const groupId = uniqueName('it.batched-poison', '-');
    const events = ['a', 'b', 'c', 'd', 'e'].map((name) => {
      const key = uniqueName(`neighbour-${name}`);
      return directEvent('EntryRecorded', key, { key, seq: 1, rejected: name === 'c' });
    });
    const [a, b, poison, d, e] = events;
    await produceTogether(events);
    await startConsumer(groupId);

    await world.reader.waitFor('the dead letter', () => deadLettersOf(poison.id).length === 1);
    await waitUntil('every event done with', async () => (await inbox(groupId)).size === events.length);

    expect((await ledgerRowsOf(events.map((event) => event.id))).map((row) => row.event_id)).toEqual([
      a.id,
      b.id,
      d.id,
      e.id,
    ]);
    const rows = await inbox(groupId);
    expect(Object.fromEntries([...rows].map(([id, row]) => [id, row.outcome]))).toEqual({
      [a.id]: 'applied',
      [b.id]: 'applied',
      [poison.id]: 'dead-lettered',
      [d.id]: 'applied',
      [e.id]: 'applied',
    });
    // The two before the poison event committed together, and so did the two after it.
    expect(rows.get(a.id)!.processedAt).toBe(rows.get(b.id)!.processedAt);
    expect(rows.get(d.id)!.processedAt).toBe(rows.get(e.id)!.processedAt);
    expect(deadLettersOf(poison.id)[0].headers).toMatchObject({ 'dlt-error-class': 'PermanentError' });
  });

  it('publishes the follow-up events of the events applied in a batch, once each, and none of the one that failed', async () => {
    const groupId = uniqueName('it.batched-outbox', '-');
    const { EntryRecorded: FollowUp } = ledgerEvents(uniqueName('batched-follow-up'));
    const outbox = new Outbox('/rebound/tests');
    const handler: EventHandlerRegistration = {
      eventClass: world.EntryRecorded,
      name: 'Ledger.echo',
      handle: async (event, manager) => {
        const entry = event.data as InstanceType<EntryRecordedClass>;
        await outbox.publish(manager, FollowUp, { key: entry.key, seq: entry.seq }, { subject: entry.key });
        await outbox.publish(manager, FollowUp, { key: entry.key, seq: entry.seq + 1 }, { subject: entry.key });
        if (entry.rejected) throw new PermanentError(`entry ${entry.key} is rejected after publishing`);
      },
    };
    const events = ['a', 'b', 'c', 'd'].map((name) => {
      const key = uniqueName(`echo-${name}`);
      return directEvent('EntryRecorded', key, { key, seq: 1, rejected: name === 'c' });
    });
    const log = capturingLogger('batched-state-changes');
    const stateChanges = new StateChangeLog(log.logger);
    world.dataSource.subscribers.push(stateChanges);
    world.cleanup.push(async () => {
      world.dataSource.subscribers.splice(world.dataSource.subscribers.indexOf(stateChanges), 1);
    });
    await produceTogether(events);
    await startConsumer(groupId, handler);

    await waitUntil('every event done with', async () => (await inbox(groupId)).size === events.length);

    const rows: { subject: string; payload: { seq: number } }[] = await world.dataSource.query(
      'SELECT subject, payload FROM outbox WHERE topic = $1 ORDER BY position',
      [FollowUp.topic.name],
    );
    const kept = [events[0], events[1], events[3]].map((event) => event.subject);
    expect(rows.map((row) => [row.subject, row.payload.seq])).toEqual(
      kept.flatMap((key) => [
        [key, 1],
        [key, 2],
      ]),
    );
    // One line per follow-up event committed, whatever failed after it in its batch; none of the failed one's.
    const said = log.lines.filter((line) => line['stateChange'] === 'EntryRecorded').map((line) => line['subject']);
    expect(said).toEqual(kept.flatMap((key) => [key, key]));
  });

  it('applies nothing twice when a whole batch is delivered again, and applies the new event delivered with it', async () => {
    const groupId = uniqueName('it.batched-redelivery', '-');
    const key = uniqueName('redelivered');
    const first = [1, 2, 3, 4].map((seq) => directEvent('EntryRecorded', key, { key, seq }));
    await produceTogether(first);
    const { lines } = await startConsumer(groupId);
    await waitUntil('the batch applied', async () => (await world.ledgerRows(key)).length === 4);
    const appliedAt = await inbox(groupId);

    const fresh = directEvent('EntryRecorded', key, { key, seq: 5 });
    await produceTogether([...first, fresh]);
    await waitUntil('the new event applied', async () => (await world.ledgerRows(key)).length === 5);

    expect((await world.ledgerRows(key)).map((row) => row.event_id)).toEqual(
      [...first, fresh].map((event) => event.id),
    );
    const ignored = lines.filter((line) => line['msg'] === 'event already handled; redelivery ignored');
    expect(ignored.map((line) => line['eventId'])).toEqual(first.map((event) => event.id));
    const after = await inbox(groupId);
    for (const event of first) expect(after.get(event.id)).toEqual(appliedAt.get(event.id));
  });

  it("keeps a key's events in order when one in the middle fails for a while: the later ones wait for it", async () => {
    const groupId = uniqueName('it.batched-order', '-');
    const key = uniqueName('ordered');
    const events = [1, 2, 3, 4, 5].map((seq) =>
      directEvent('EntryRecorded', key, { key, seq, transientFailures: seq === 3 ? 2 : undefined }),
    );
    await produceTogether(events);
    const { attempts } = await startConsumer(groupId);

    await waitUntil('every event applied', async () => (await world.ledgerRows(key)).length === 5);

    expect(await world.ledgerRows(key)).toEqual(events.map((event, index) => ({ event_id: event.id, seq: index + 1 })));
    expect(attempts.get(events[2].id)).toBe(3);
    for (const event of [events[0], events[1], events[3], events[4]]) expect(attempts.get(event.id)).toBe(1);
    const rows = await inbox(groupId);
    const processedAt = events.map((event) => rows.get(event.id)!.processedAt);
    expect(processedAt[0]).toBe(processedAt[1]);
    expect(processedAt[2]).toBeGreaterThan(processedAt[1]);
    expect(processedAt[3]).toBeGreaterThan(processedAt[2]);
    expect(deadLettersOf(events[2].id)).toEqual([]);
  });
});
