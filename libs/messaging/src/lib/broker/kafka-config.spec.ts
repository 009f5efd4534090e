import { kafkaBrokers } from './kafka-config';

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
