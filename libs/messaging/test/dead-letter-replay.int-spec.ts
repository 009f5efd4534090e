/**
 * Replaying a dead letter after a fix, on the real broker and database: the copy that the replay
 * tool (scripts/dlt) sends back to the original topic takes over the group's `dead-lettered` inbox
 * entry and is applied once; every other copy of the event stays the no-op a redelivery must be.
 */
import { kafkaConnection, KafkaJsBroker } from '@rebound/kafka';
import { encodeEvent } from '@rebound/contracts';
import { SeenMessage, produce, uniqueName, waitUntil } from '@rebound/testing';
import { EventConsumer, PermanentError, REPLAY_HEADER } from '../src';
import { EntryRecordedClass, directEvent, replayDeadLetter } from './fixtures/ledger.fixture';
import { capturingLogger } from './fixtures/log-capture';
import { useLedgerWorld } from './fixtures/ledger-world';

jest.setTimeout(120_000);

describe('replaying a dead-lettered event to its original topic', () => {
  const world = useLedgerWorld('replay');

  /**
   * A consumer whose handler rejects every event until `fix()` is called: the bug, then the deploy
   * that fixes it. Effects are ledger rows, so an event applied twice shows as two rows.
   */
  async function startConsumer() {
    const { logger, lines } = capturingLogger('replay-consumer');
    const EntryRecorded: EntryRecordedClass = world.EntryRecorded;
    const groupId = uniqueName('it.replay', '-');
    const attempts = new Map<string, number>();
    let fixed = false;
    const consumer = new EventConsumer({
      groupId,
      deadLetterTopic: world.deadLetters.name,
      dataSource: world.dataSource,
      broker: new KafkaJsBroker({ connection: kafkaConnection(), clientId: 'it-replay', logger }),
      logger,
      handlers: [
        {
          eventClass: EntryRecorded,
          name: 'Ledger.applyUnlessBroken',
          handle: async (event, manager) => {
            attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
            if (!fixed) throw new PermanentError('the ledger rules are broken');
            const entry = event.data as InstanceType<EntryRecordedClass>;
            await manager.query('INSERT INTO ledger_entry (event_id, entry_key, seq) VALUES ($1, $2, $3)', [
              event.id,
              entry.key,
              entry.seq,
            ]);
          },
        },
      ],
      retry: { maxAttempts: 2, initialDelayMs: 50, maxDelayMs: 100 },
    });
    await consumer.start();
    world.cleanup.push(() => consumer.stop());
    return { groupId, lines, attempts, fix: () => (fixed = true) };
  }

  function deadLettersOf(eventId: string): SeenMessage[] {
    return world.reader.on(world.deadLetters.name).filter((message) => message.headers['ce_id'] === eventId);
  }

  async function waitForDeadLetters(eventId: string, count: number): Promise<SeenMessage[]> {
    await world.reader.waitFor(`${count} dead letters of ${eventId}`, () => deadLettersOf(eventId).length >= count);
    return deadLettersOf(eventId);
  }

  function inboxOutcome(eventId: string): Promise<{ outcome: string }[]> {
    return world.dataSource.query('SELECT outcome FROM inbox WHERE event_id = $1', [eventId]);
  }

  /** Starts the consumer, publishes an event and waits until the event is dead-lettered and remembered as such. */
  async function deadLetteredEvent(prefix: string) {
    const key = uniqueName(prefix);
    const consumer = await startConsumer();
    const event = directEvent('EntryRecorded', key, { key, seq: 1 });
    await produce(world.topic.name, [encodeEvent(event)]);
    const [deadLetter] = await waitForDeadLetters(event.id, 1);
    await waitUntil('the dead-lettered inbox entry', async () => (await inboxOutcome(event.id)).length === 1);
    return { ...consumer, key, eventId: event.id, deadLetter };
  }

  function ignoredCopies(lines: Record<string, unknown>[], eventId: string): number {
    return lines.filter(
      (line) => line['eventId'] === eventId && line['msg'] === 'event already handled; redelivery ignored',
    ).length;
  }

  it('applies a replayed copy once the fix is in, and ignores any copy of it after that', async () => {
    const { key, eventId, deadLetter, lines, attempts, fix } = await deadLetteredEvent('fixed');

    fix();
    await replayDeadLetter(deadLetter);
    await waitUntil('the replay to be applied', async () => (await world.ledgerRows(key)).length === 1);
    await replayDeadLetter(deadLetter);
    await waitUntil('the second replay to be ignored', () => ignoredCopies(lines, eventId) === 1);

    expect(await world.ledgerRows(key)).toEqual([{ event_id: eventId, seq: 1 }]);
    expect(await inboxOutcome(eventId)).toEqual([{ outcome: 'applied' }]);
    expect(attempts.get(eventId)).toBe(2);
    expect(deadLettersOf(eventId)).toHaveLength(1);
  });

  it('dead-letters a replayed copy again when it still fails, and a later replay of that one can still apply it', async () => {
    const { key, eventId, deadLetter: first, groupId, fix } = await deadLetteredEvent('still-broken');

    await replayDeadLetter(first);
    const [, second] = await waitForDeadLetters(eventId, 2);
    expect(second.headers).toMatchObject({ [REPLAY_HEADER]: groupId, 'dlt-error-class': 'PermanentError' });
    expect(await inboxOutcome(eventId)).toEqual([{ outcome: 'dead-lettered' }]);
    expect(await world.ledgerRows(key)).toEqual([]);

    fix();
    await replayDeadLetter(second);
    await waitUntil('the second replay to be applied', async () => (await world.ledgerRows(key)).length === 1);
    expect(await inboxOutcome(eventId)).toEqual([{ outcome: 'applied' }]);
  });

  it("does not try a dead-lettered event again for a plain redelivery or another group's replay", async () => {
    const { key, eventId, deadLetter, lines, attempts, fix } = await deadLetteredEvent('not-a-replay');
    fix();

    const original = await waitUntil('the reader to have seen the original', () =>
      world.reader.on(world.topic.name).find((message) => message.headers['ce_id'] === eventId),
    );
    await produce(world.topic.name, [original]);
    await replayDeadLetter(deadLetter, { [REPLAY_HEADER]: 'another-service.main' });
    await waitUntil('both copies to be ignored', () => ignoredCopies(lines, eventId) === 2);

    expect(attempts.get(eventId)).toBe(1);
    expect(await world.ledgerRows(key)).toEqual([]);
    expect(await inboxOutcome(eventId)).toEqual([{ outcome: 'dead-lettered' }]);
    expect(deadLettersOf(eventId)).toHaveLength(1);
  });
});
