import { kafkaTopicNamespace } from './kafka-config';

describe('kafkaTopicNamespace', () => {
  it('uses no namespace when KAFKA_TOPIC_NAMESPACE is not set or empty', () => {
    expect(kafkaTopicNamespace({})).toBeUndefined();
    expect(kafkaTopicNamespace({ KAFKA_TOPIC_NAMESPACE: ' ' })).toBeUndefined();
  });

  it('reads the namespace, ignoring surrounding spaces', () => {
    expect(kafkaTopicNamespace({ KAFKA_TOPIC_NAMESPACE: ' staging.eu ' })).toBe('staging.eu');
  });

  it('refuses a namespace Kafka topic names cannot start with, naming the variable', () => {
    expect(() => kafkaTopicNamespace({ KAFKA_TOPIC_NAMESPACE: 'it/3f9a' })).toThrow(
      'KAFKA_TOPIC_NAMESPACE "it/3f9a" must be letters, digits, "-" and "_" in parts joined by single dots',
    );
  });
});
