/**
 * The inbox forgets events only past its retention, on the real broker and database: a row older
 * than the retention is deleted, a recent one stays and still makes a redelivery a no-op.
 */
import { kafkaConnection, KafkaJsBroker } from '@rebound/kafka';
import { RetentionJob } from '@rebound/persistence';
import { fullScansIn, produce, uniqueName, waitUntil } from '@rebound/testing';
import { EventConsumer, Outbox, OutboxRelay, inboxRetention } from '../src';
import { ledgerHandler, recordPosting } from './fixtures/ledger.fixture';
import { capturingLogger } from './fixtures/log-capture';
import { useLedgerWorld } from './fixtures/ledger-world';

jest.setTimeout(120_000);

const RETENTION_MS = 42 * 24 * 3600_000;

describe('inbox retention', () => {
  const world = useLedgerWorld('inbox_retention');
  const outbox = new Outbox('/rebound/tests');

  it('deletes the rows of events done with longer ago than the retention; a recent one still stops a redelivery', async () => {
    const { logger, lines } = capturingLogger('inbox-retention');
    const relay = new OutboxRelay({
      dataSource: world.dataSource,
      producer: new KafkaJsBroker({ connection: kafkaConnection(), clientId: 'it-relay', logger }).producer(),
      logger,
    });
    world.cleanup.push(() => relay.stop());
    const consumer = new EventConsumer({
      groupId: uniqueName('it.inbox-retention', '-'),
      deadLetterTopic: world.deadLetters.name,
      dataSource: world.dataSource,
      broker: new KafkaJsBroker({ connection: kafkaConnection(), clientId: 'it-consumer', logger }),
      logger,
      handlers: [ledgerHandler(world.EntryRecorded).registration],
    });
    await consumer.start();
    world.cleanup.push(() => consumer.stop());
    await relay.start();

    const key = uniqueName('retained');
    const [oldId, recentId] = [
      await world.dataSource.transaction((m) => recordPosting(m, outbox, world.EntryRecorded, key, 1)),
      await world.dataSource.transaction((m) => recordPosting(m, outbox, world.EntryRecorded, key, 2)),
    ];
    await waitUntil('both events applied', async () => (await world.ledgerRows(key)).length === 2);
    await world.dataSource.query("UPDATE inbox SET processed_at = now() - interval '43 days' WHERE event_id = $1", [
      oldId,
    ]);
    const job = new RetentionJob({ dataSource: world.dataSource, logger, rules: [inboxRetention(RETENTION_MS)] });

    expect(await job.run()).toEqual({ inbox: 1 });
    const kept = await world.dataSource.query('SELECT event_id FROM inbox WHERE event_id = ANY($1::uuid[])', [
      [oldId, recentId],
    ]);
    expect(kept).toEqual([{ event_id: recentId }]);

    const recent = world.reader.on(world.topic.name).find((m) => m.headers['ce_id'] === recentId)!;
    await produce(world.topic.name, [recent]);
    await waitUntil('the redelivery to be ignored', () =>
      lines.some((line) => line['eventId'] === recentId && line['msg'] === 'event already handled; redelivery ignored'),
    );
    expect((await world.ledgerRows(key)).map((row) => row.event_id)).toEqual([oldId, recentId]);
  });

  it('finds the rows to delete through an index, never reading the whole inbox', async () => {
    expect(await fullScansIn(world.dataSource, inboxRetention(RETENTION_MS))).toEqual([]);
  });
});
