/** Where the Kafka cluster is, and which namespace of it this deployment uses, from the environment. */
import { assertTopicNamespace } from './topic-namespace';

export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

/** `KAFKA_BROKERS` (comma-separated host:port), else the local stack's broker. */
export function kafkaBrokers(env: NodeJS.ProcessEnv = process.env): string[] {
  const value = env['KAFKA_BROKERS'] || DEFAULT_KAFKA_BROKERS;
  const brokers = value
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) {
      throw new Error(`KAFKA_BROKERS entry "${broker}" must be host:port`);
    }
  }
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is empty');
  return brokers;
}

/** What is wrong with `KAFKA_BROKERS`, for a service's start-up check of its whole environment. */
export function kafkaBrokerProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  try {
    kafkaBrokers(env);
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/** `KAFKA_TOPIC_NAMESPACE`, prefixed to every topic and consumer group; undefined (the catalogue's names as they are) when unset or empty. */
export function kafkaTopicNamespace(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const namespace = env['KAFKA_TOPIC_NAMESPACE']?.trim();
  if (!namespace) return undefined;
  assertTopicNamespace(namespace, 'KAFKA_TOPIC_NAMESPACE');
  return namespace;
}
