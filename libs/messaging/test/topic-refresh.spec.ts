/**
 * The safety of re-subscribing to a topic family, against a broker whose topic listing the test
 * controls: failures and shutdown at the awkward moments that a real broker produces only by chance.
 * That re-subscribing consumes new topics on the real broker is proven in partner-topics.int-spec.ts.
 */
import { DataSource } from 'typeorm';
import { BrokerAdmin, BrokerConsumer, BrokerProducer, MessageBroker } from '@rebound/kafka';
import { PartnerTopics, TrackingReported } from '@rebound/contracts';
import { waitUntil } from '@rebound/testing';
import { EventConsumer } from '../src';
import { capturingLogger } from './fixtures/log-capture';

const acme = PartnerTopics.tracking.nameFor('acme');
const globex = PartnerTopics.tracking.nameFor('globex');

/** One member of the group as the consumer made it: the topics it reads once it runs. */
class FakeMember implements BrokerConsumer {
  topics: string[] = [];
  state: 'new' | 'running' | 'stopped' = 'new';

  constructor(private readonly broker: FakeBroker) {}

  connect = async (): Promise<void> => undefined;
  onHealthChange = (): void => undefined;
  async subscribe(subscriptions: readonly (string | RegExp)[]): Promise<void> {
    // As kafkajs does: a pattern stands for the topics that exist now.
    const matching = this.broker.topics.filter((topic) =>
      subscriptions.some((subscription) =>
        typeof subscription === 'string' ? subscription === topic : subscription.test(topic),
      ),
    );
    this.topics = [...new Set([...this.topics, ...matching])];
  }
  async run(): Promise<void> {
    this.state = 'running';
  }
  async stop(): Promise<void> {
    this.state = 'stopped';
  }
  disconnect = async (): Promise<void> => undefined;
}

class FakeBroker implements MessageBroker {
  topics = [acme];
  readonly members: FakeMember[] = [];
  listingFails = false;
  /** While set, a listing waits for it (and reports the topics that existed when it began). */
  gate: Promise<void> | undefined;
  listingsUnderWay = 0;
  mostListingsAtOnce = 0;

  producer(): BrokerProducer {
    return {
      connect: async () => undefined,
      send: async () => undefined,
      failureOf: () => ({ kind: 'unavailable', wholeTopic: false, reason: 'fake' }),
      disconnect: async () => undefined,
    };
  }

  consumer(): BrokerConsumer {
    const member = new FakeMember(this);
    this.members.push(member);
    return member;
  }

  admin(): BrokerAdmin {
    const admin: Pick<BrokerAdmin, 'connect' | 'disconnect' | 'listTopics'> = {
      connect: async () => undefined,
      disconnect: async () => undefined,
      listTopics: () => this.listTopics(),
    };
    return admin as BrokerAdmin;
  }

  running(): FakeMember[] {
    return this.members.filter((member) => member.state === 'running');
  }

  private async listTopics(): Promise<string[]> {
    const topics = [...this.topics];
    this.listingsUnderWay++;
    this.mostListingsAtOnce = Math.max(this.mostListingsAtOnce, this.listingsUnderWay);
    try {
      await this.gate;
      if (this.listingFails) throw new Error('connect ECONNREFUSED 127.0.0.1:9092');
      return topics;
    } finally {
      this.listingsUnderWay--;
    }
  }
}

function opening(): { gate: Promise<void>; open: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { gate, open };
}

describe('re-subscribing to a topic family', () => {
  let broker: FakeBroker;
  const { logger, lines } = capturingLogger('tracking-consumer');

  function consumer(topicRefreshIntervalMs: number): EventConsumer {
    return new EventConsumer({
      groupId: 'pickups.tracking',
      deadLetterTopic: 'pickups.dead-letter.v1',
      dataSource: { options: {} } as DataSource,
      broker,
      logger,
      handlers: [{ eventClass: TrackingReported, name: 'Tracking.record', handle: async () => undefined }],
      topicRefreshIntervalMs,
    });
  }

  beforeEach(() => {
    broker = new FakeBroker();
    lines.length = 0;
  });

  it('keeps consuming when the topics cannot be listed, says so, and takes the new topic up at a later check', async () => {
    const tracking = consumer(20);
    await tracking.start();
    broker.listingFails = true;
    broker.topics.push(globex);

    await waitUntil('the failed check to be logged', () =>
      lines.some((line) => line['msg'] === 'could not refresh the subscriptions; trying again at the next check'),
    );
    expect(broker.running().map((member) => member.topics)).toEqual([[acme]]);

    broker.listingFails = false;
    await waitUntil('a member reading the new topic', () => broker.running()[0]?.topics.includes(globex));
    expect(broker.running().map((member) => member.topics)).toEqual([[acme, globex]]);
    await tracking.stop();
  });

  it('takes up a topic created while another refresh was listing, and never lists twice at once', async () => {
    const tracking = consumer(0);
    await tracking.start();
    const { gate, open } = opening();
    broker.gate = gate;

    const earlier = tracking.refreshSubscriptions();
    broker.topics.push(globex);
    const asked = tracking.refreshSubscriptions();
    open();
    await Promise.all([earlier, asked]);

    expect(broker.running().map((member) => member.topics)).toEqual([[acme, globex]]);
    expect(broker.mostListingsAtOnce).toBe(1);
    await tracking.stop();
  });

  it('starts no new member once stop() began, even when a refresh was listing', async () => {
    const tracking = consumer(0);
    await tracking.start();
    const { gate, open } = opening();
    broker.gate = gate;
    const refresh = tracking.refreshSubscriptions();
    broker.topics.push(globex);

    await tracking.stop();
    open();
    await refresh;

    expect(broker.members).toHaveLength(1);
    expect(broker.running()).toEqual([]);
  });
});
