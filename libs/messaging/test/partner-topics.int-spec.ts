/**
 * Per-partner topics created while a consumer of their family runs, on the real broker and database:
 * the consumer takes them up without a restart, at its periodic check or at once when asked. Each
 * test has a topic namespace of its own, so the family's pattern sees only the partner topics the
 * test creates.
 */
import { kafkaConnection, KafkaJsBroker, physicalTopic } from '@rebound/kafka';
import { PartnerTopics, Services, TrackingReported, TrackingStatus, encodeEvent } from '@rebound/contracts';
import { createTopics, deleteNamespacedTopics, produce, testNamespace, uniqueName, waitUntil } from '@rebound/testing';
import { EventConsumer, EventConsumerOptions } from '../src';
import { capturingLogger } from './fixtures/log-capture';
import { useLedgerDatabase } from './fixtures/ledger-world';
import { trackingReport } from './fixtures/tracking.fixture';

jest.setTimeout(120_000);

interface Report {
  id: string;
  partnerId: string | undefined;
  status: TrackingStatus;
}

describe('a consumer of per-partner tracking topics', () => {
  const database = useLedgerDatabase('partners');
  const cleanup: (() => Promise<unknown>)[] = [];
  let broker: KafkaJsBroker;

  beforeEach(() => {
    broker = new KafkaJsBroker({
      connection: kafkaConnection(),
      clientId: 'it-partners',
      logger: capturingLogger('broker').logger,
      namespace: testNamespace('partners'),
    });
  });

  afterEach(async () => {
    while (cleanup.length > 0) await cleanup.pop()!();
    await deleteNamespacedTopics(broker).catch(() => undefined);
  });

  /** Starts a consumer of TrackingReported; `applied` lists what its handler applied, in order. */
  async function startConsumer(options: Pick<EventConsumerOptions, 'topicRefreshIntervalMs' | 'fromBeginning'>) {
    const { logger } = capturingLogger('tracking-consumer');
    const applied: Report[] = [];
    const consumer = new EventConsumer({
      groupId: uniqueName('it.tracking', '-'),
      deadLetterTopic: Services.pickupScheduling.deadLetterTopic.name,
      dataSource: database.dataSource,
      broker,
      logger,
      handlers: [
        {
          eventClass: TrackingReported,
          name: 'Tracking.record',
          handle: async (event) => {
            const report = event.data as TrackingReported;
            applied.push({
              id: event.id,
              partnerId: PartnerTopics.tracking.partnerIdOf(event.topic),
              status: report.status,
            });
          },
        },
      ],
      ...options,
    });
    await consumer.start();
    cleanup.push(() => consumer.stop());
    return { consumer, applied };
  }

  /** A new partner, as far as Kafka is concerned: a tracking topic of its own. */
  async function registerPartner(name: string): Promise<string> {
    const partnerId = uniqueName(name, '-');
    await createTopics([physicalTopic(broker.namespace, PartnerTopics.tracking.nameFor(partnerId))], 1);
    return partnerId;
  }

  /** Publishes a tracking event on the partner's topic, as the partner would; returns its event id. */
  async function report(partnerId: string, status: TrackingStatus): Promise<string> {
    const event = trackingReport(status);
    await produce(physicalTopic(broker.namespace, PartnerTopics.tracking.nameFor(partnerId)), [encodeEvent(event)]);
    return event.id;
  }

  function appliedReport(applied: Report[], id: string): Promise<Report> {
    return waitUntil(`the handler to apply event ${id}`, () => applied.find((entry) => entry.id === id));
  }

  it('consumes a partner topic created while the consumer runs, without a restart', async () => {
    const acme = await registerPartner('acme');
    const { applied } = await startConsumer({ topicRefreshIntervalMs: 500 });
    const before = await report(acme, 'picked_up');
    await appliedReport(applied, before);

    const globex = await registerPartner('globex');
    const onNewTopic = await report(globex, 'out_for_pickup');
    const meanwhile = await report(acme, 'in_transit');

    await appliedReport(applied, onNewTopic);
    await appliedReport(applied, meanwhile);
    // Each once: re-subscribing neither lost nor re-applied anything on the topic it already read.
    expect(applied).toHaveLength(3);
    expect(applied).toEqual(
      expect.arrayContaining([
        { id: before, partnerId: acme, status: 'picked_up' },
        { id: onNewTopic, partnerId: globex, status: 'out_for_pickup' },
        { id: meanwhile, partnerId: acme, status: 'in_transit' },
      ]),
    );
  });

  it('consumes a new partner topic as soon as refreshSubscriptions() resolves, with the periodic refresh off', async () => {
    const { consumer, applied } = await startConsumer({ topicRefreshIntervalMs: 0 });
    const acme = await registerPartner('acme');

    await consumer.refreshSubscriptions();
    const id = await report(acme, 'picked_up');

    expect(await appliedReport(applied, id)).toEqual({ id, partnerId: acme, status: 'picked_up' });
  });

  it('reads a partner topic it picks up from its first event, even in a group that starts at the latest offsets', async () => {
    const { consumer, applied } = await startConsumer({ topicRefreshIntervalMs: 0, fromBeginning: false });
    const acme = await registerPartner('acme');
    const beforeRefresh = await report(acme, 'picked_up');

    await consumer.refreshSubscriptions();

    expect(await appliedReport(applied, beforeRefresh)).toEqual({
      id: beforeRefresh,
      partnerId: acme,
      status: 'picked_up',
    });
  });
});
