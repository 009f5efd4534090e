/**
 * The service's admin view of Kafka: whether brokers answer (readiness only — liveness is never tied
 * to Kafka) and how far the consumer group lags. Each question opens its own admin connection without
 * client retries and closes it before answering, so no connection attempt outlives the question —
 * an outage makes a check fail at once, and the next check simply asks again.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { BrokerAdmin, MessageBroker } from '@rebound/kafka';
import { MessagingStatus } from './messaging-status';
import { MESSAGE_BROKER } from './tokens';

@Injectable()
export class KafkaHealth {
  constructor(
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    private readonly status: MessagingStatus,
  ) {}

  /** Undefined when Kafka answers, the consumer runs and the relay can publish; otherwise why not. */
  async problem(): Promise<string | undefined> {
    const messaging = this.status.problem();
    if (messaging !== undefined) return messaging;
    try {
      const brokers = await this.withAdmin((admin) => admin.brokerCount());
      return brokers > 0 ? undefined : 'no broker answers';
    } catch (error) {
      return (error as Error).message;
    }
  }

  /** Per topic, how many messages the group has yet to consume (end offsets less committed ones). */
  consumerLag(groupId: string, topics: readonly string[]): Promise<Map<string, number>> {
    return this.withAdmin(async (admin) => {
      const lag = new Map<string, number>();
      for (const topic of topics) {
        const [committed, ends] = await Promise.all([admin.committedOffsets(groupId, topic), admin.endOffsets(topic)]);
        let behind = 0;
        for (const end of ends) {
          const done = committed.find((offset) => offset.partition === end.partition);
          // A partition the group never committed on is behind by all it holds (it reads from the beginning).
          behind += Math.max(0, end.offset - Math.max(0, done?.offset ?? 0));
        }
        lag.set(topic, behind);
      }
      return lag;
    });
  }

  private async withAdmin<T>(work: (admin: BrokerAdmin) => Promise<T>): Promise<T> {
    const admin = this.broker.admin({ failFast: true });
    try {
      await admin.connect();
      return await work(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
