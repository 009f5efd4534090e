/**
 * Reads topics from the beginning in a group of its own and keeps every message, so a test can
 * assert on what was really published (and wait for it) rather than on what code said it did.
 */
import { Consumer } from 'kafkajs';
import { testKafka } from './kafka';
import { uniqueName } from './unique-name';
import { waitUntil } from './wait-until';

export interface SeenMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

export class TestConsumer {
  readonly messages: SeenMessage[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start(topics: readonly string[]): Promise<TestConsumer> {
    const consumer = testKafka('rebound-test-consumer').consumer({
      // Under the tests' own prefix: their Kafka user may use no other group.
      groupId: uniqueName('it-test-consumer', '-'),
      maxWaitTimeInMs: 500,
    });
    const reader = new TestConsumer(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          const single = Array.isArray(value) ? value[value.length - 1] : value;
          if (single !== undefined) headers[name] = single.toString();
        }
        reader.messages.push({
          topic,
          partition,
          offset: Number(message.offset),
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers,
        });
      },
    });
    return reader;
  }

  on(topic: string): SeenMessage[] {
    return this.messages.filter((message) => message.topic === topic);
  }

  /** Waits until `predicate` holds for the messages seen so far. */
  async waitFor(
    what: string,
    predicate: (messages: SeenMessage[]) => boolean,
    timeoutMs = 20_000,
  ): Promise<SeenMessage[]> {
    return waitUntil(what, () => predicate(this.messages) && this.messages, {
      timeoutMs,
      intervalMs: 50,
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
