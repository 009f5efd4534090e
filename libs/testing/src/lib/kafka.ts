/** Direct kafkajs access for tests: topics of their own, and reading what was really published. */
import { Kafka, logLevel } from 'kafkajs';
import { createTopicsWithLeaders, describeKafkaConnection, kafkaConnection } from '@rebound/kafka';
import { TopicDefinition } from '@rebound/contracts';
import { uniqueName } from './unique-name';

export function testKafka(clientId = 'rebound-tests'): Kafka {
  return new Kafka({ clientId, ...kafkaConnection(), logLevel: logLevel.NOTHING });
}

/** A catalogue-shaped topic with a name no other test run uses (`it.<prefix>.<random>.v1`). */
export function testTopic(prefix: string): TopicDefinition {
  return {
    name: `it.${uniqueName(prefix, '-')}.v1`,
    producer: 'tests',
    description: `integration test topic (${prefix})`,
    key: 'Whatever subject the test publishes under.',
    cleanupPolicy: 'delete',
  };
}

export async function createTopics(names: readonly string[], partitions = 3): Promise<void> {
  const admin = testKafka().admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `cannot reach Kafka at ${describeKafkaConnection(kafkaConnection())} (${(error as Error).message}); run scripts/stack up first`,
    );
  }
  try {
    await createTopicsWithLeaders(
      admin,
      names.map((topic) => ({ topic, numPartitions: partitions })),
    );
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(names: readonly string[]): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [...names] });
  } finally {
    await admin.disconnect();
  }
}

/** The group's committed offset per partition (-1 where it never committed). */
export async function committedOffsets(groupId: string, topic: string): Promise<Map<number, number>> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map(result.partitions.map((p) => [p.partition, Number(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** The offset the next message on each partition will get. */
export async function endOffsets(topic: string): Promise<Map<number, number>> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Produces messages straight to a topic in one send (so on one partition they share a record batch),
 * bypassing the outbox: redeliveries, hand-made poison, other producers' event types.
 */
export async function produce(
  topic: string,
  messages: readonly {
    key: string | null;
    value: string | Buffer | null;
    headers: Record<string, string>;
    /** A partition of its own choosing instead of the key's. */
    partition?: number;
  }[],
): Promise<void> {
  const producer = testKafka().producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [...messages] });
  } finally {
    await producer.disconnect();
  }
}
