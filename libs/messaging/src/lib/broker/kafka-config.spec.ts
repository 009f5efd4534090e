import { kafkaBrokers, kafkaTopicNamespace } from './kafka-config';

describe('kafkaBrokers', () => {
  it('uses the local stack broker when KAFKA_BROKERS is not set', () => {
    expect(kafkaBrokers({})).toEqual(['127.0.0.1:9092']);
  });

  it('reads a comma-separated list, ignoring spaces', () => {
    expect(kafkaBrokers({ KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092' })).toEqual(['kafka-0:9092', 'kafka-1:9092']);
  });

  it('refuses an entry without a port, naming it', () => {
    expect(() => kafkaBrokers({ KAFKA_BROKERS: 'kafka-0:9092,kafka-1' })).toThrow(
      'KAFKA_BROKERS entry "kafka-1" must be host:port',
    );
  });
});

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
