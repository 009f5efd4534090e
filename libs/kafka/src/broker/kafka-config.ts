/** Which namespace of the Kafka cluster this deployment uses, from the environment (the connection itself is `kafkaConnection` in ../connection). */
import { assertTopicNamespace } from './topic-namespace';

/** `KAFKA_TOPIC_NAMESPACE`, prefixed to every topic and consumer group; undefined (the catalogue's names as they are) when unset or empty. */
export function kafkaTopicNamespace(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const namespace = env['KAFKA_TOPIC_NAMESPACE']?.trim();
  if (!namespace) return undefined;
  assertTopicNamespace(namespace, 'KAFKA_TOPIC_NAMESPACE');
  return namespace;
}
