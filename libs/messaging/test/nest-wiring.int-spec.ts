/**
 * The Nest way: a provider method marked @HandleEvent receives events; a use case publishes through
 * the injected Outbox; closing the application drains messaging before the database closes; a
 * service that creates a partner's topic has the consumer take it up through SubscriptionRefresher.
 */
import { INestApplication, Injectable, Module, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EntityManager, DataSource } from 'typeorm';
import { kafkaConnection, KafkaJsBroker, physicalTopic } from '@rebound/kafka';
import { PartnerTopics, Services, TrackingReported, encodeEvent } from '@rebound/contracts';
import { childSpan, currentWorkContext, runInWorkContext } from '@rebound/observability';
import { PersistenceModule } from '@rebound/persistence/nest';
import {
  TestSchema,
  createTopics,
  deleteNamespacedTopics,
  deleteTopics,
  produce,
  testNamespace,
  testTopic,
  uniqueName,
  waitUntil,
} from '@rebound/testing';
import { ConsumedEvent, Outbox, messagingMigrations } from '../src';
import { HandleEvent, MessagingModule, MessagingModuleOptions, SubscriptionRefresher } from '../src/nest';
import { CreateLedger1795707600000, ledgerEvents, recordPosting } from './fixtures/ledger.fixture';
import { capturingLogger } from './fixtures/log-capture';
import { trackingReport } from './fixtures/tracking.fixture';

jest.setTimeout(60_000);

const topic = testTopic('nest');
const deadLetters = testTopic('nest-dlt');
const { EntryRecorded } = ledgerEvents(topic.name);

@Injectable()
class LedgerProjection {
  @HandleEvent(EntryRecorded)
  async apply(event: ConsumedEvent<InstanceType<typeof EntryRecorded>>, manager: EntityManager): Promise<void> {
    await manager.query('INSERT INTO ledger_entry (event_id, entry_key, seq) VALUES ($1, $2, $3)', [
      event.id,
      event.data.key,
      event.data.seq,
    ]);
  }
}

@Injectable()
class TrackingProjection {
  readonly applied: string[] = [];

  @HandleEvent(TrackingReported)
  async apply(event: ConsumedEvent<TrackingReported>): Promise<void> {
    this.applied.push(event.id);
  }
}

describe('messaging in a Nest application', () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await TestSchema.create('nest');
    await createTopics([topic.name, deadLetters.name], 3);
  });

  afterAll(async () => {
    await schema?.drop();
    await deleteTopics([topic.name, deadLetters.name]).catch(() => undefined);
  });

  async function startApp(
    providers: Provider[],
    messaging: Pick<MessagingModuleOptions, 'groupId' | 'logger' | 'namespace' | 'consumer'>,
  ): Promise<INestApplication> {
    @Module({
      imports: [
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            url: schema.url,
            schema: schema.name,
            migrations: [...messagingMigrations, CreateLedger1795707600000],
            migrateOnStart: true,
          }),
        }),
        MessagingModule.forRootAsync({
          useFactory: () => ({
            service: { ...Services.refunds, deadLetterTopic: deadLetters },
            connection: kafkaConnection(),
            ...messaging,
          }),
        }),
      ],
      providers,
    })
    class AppModule {}

    const app = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({
      logger: false,
    });
    await app.init();
    return app;
  }

  it('delivers an event published through the injected Outbox to the @HandleEvent method, and drains on close', async () => {
    const { logger, lines } = capturingLogger('nest-app');
    const app = await startApp([LedgerProjection], { groupId: 'it.nest-wiring', logger });
    const dataSource = app.get(DataSource);
    const outbox = app.get(Outbox);

    await dataSource.transaction((manager) => recordPosting(manager, outbox, EntryRecorded, 'nest-key', 1));
    const [row] = await waitUntil('the handler to apply the event', async () => {
      const rows = await dataSource.query("SELECT event_id, seq FROM ledger_entry WHERE entry_key = 'nest-key'");
      return rows.length > 0 && rows;
    });
    expect(row.seq).toBe(1);
    const [published] = await dataSource.query('SELECT source FROM outbox WHERE event_id = $1', [row.event_id]);
    expect(published.source).toBe('/rebound/refunds');

    await app.close();
    const messages = lines.map((line) => line['msg']);
    expect(messages.indexOf('consumer stopped')).toBeGreaterThan(-1);
    expect(messages.indexOf('outbox relay stopped')).toBeGreaterThan(messages.indexOf('consumer stopped'));
    expect(dataSource.isInitialized).toBe(false);
  });

  it('logs one line per state change once its transaction commits, none for one rolled back', async () => {
    const { logger, lines } = capturingLogger('nest-state-changes');
    const app = await startApp([], { groupId: 'it.nest-state-changes', logger });
    const dataSource = app.get(DataSource);
    const outbox = app.get(Outbox);
    try {
      const committed = await runInWorkContext({ trace: childSpan() }, () =>
        dataSource.transaction(async (manager) => {
          await recordPosting(manager, outbox, EntryRecorded, 'changed-key', 1);
          // Not yet committed: nothing said.
          expect(lines.filter((line) => line['stateChange'])).toEqual([]);
          return currentWorkContext()?.trace.traceId;
        }),
      );
      await dataSource
        .transaction(async (manager) => {
          await recordPosting(manager, outbox, EntryRecorded, 'rolled-back-key', 1);
          throw new Error('changed its mind');
        })
        .catch(() => undefined);

      expect(lines.filter((line) => line['stateChange'])).toEqual([
        expect.objectContaining({
          level: 'info',
          stateChange: EntryRecorded.eventType,
          subject: 'changed-key',
          traceId: committed,
          msg: `${EntryRecorded.eventType} (changed-key)`,
        }),
      ]);
    } finally {
      await app.close();
    }
  });

  it('consumes a partner topic created while the application runs once SubscriptionRefresher.refresh() resolves', async () => {
    const { logger } = capturingLogger('nest-partners');
    const broker = new KafkaJsBroker({
      connection: kafkaConnection(),
      clientId: 'it-nest',
      logger,
      namespace: testNamespace('nest'),
    });
    const app = await startApp([TrackingProjection], {
      groupId: uniqueName('it.nest-tracking', '-'),
      logger,
      namespace: broker.namespace,
      consumer: { topicRefreshIntervalMs: 0 },
    });
    try {
      const partnerTopic = physicalTopic(broker.namespace, PartnerTopics.tracking.nameFor(uniqueName('acme', '-')));
      await createTopics([partnerTopic], 1);

      await app.get(SubscriptionRefresher).refresh();
      const event = trackingReport('picked_up');
      await produce(partnerTopic, [encodeEvent(event)]);

      const { applied } = app.get(TrackingProjection);
      await waitUntil('the tracking event to be applied', () => applied.includes(event.id));
      expect(applied).toEqual([event.id]);
    } finally {
      await app.close();
      await deleteNamespacedTopics(broker);
    }
  });
});
