import { kafkaConnection, kafkaConnectionProblems } from './kafka-connection';

describe('kafkaConnection', () => {
  it('uses the local stack broker without SASL or TLS when nothing is set', () => {
    expect(kafkaConnection({})).toEqual({ brokers: ['127.0.0.1:9092'] });
  });

  it('logs in with the mechanism, user and password given, over TLS verified against the CA file', () => {
    const connection = kafkaConnection({
      KAFKA_BROKERS: 'kafka-0.kafka:9093, kafka-1.kafka:9093',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_USERNAME: 'rebound-refunds',
      KAFKA_PASSWORD: 's3cret',
      KAFKA_TLS_CA_FILE: __filename,
    });

    expect(connection).toEqual({
      brokers: ['kafka-0.kafka:9093', 'kafka-1.kafka:9093'],
      sasl: { mechanism: 'scram-sha-512', username: 'rebound-refunds', password: 's3cret' },
      ssl: { ca: expect.stringContaining("describe('kafkaConnection'"), rejectUnauthorized: true },
    });
  });

  it('refuses brokers off this machine without credentials, and PLAIN to them without TLS', () => {
    expect(kafkaConnectionProblems({ KAFKA_BROKERS: 'kafka:9092' })).toEqual([
      'brokers off this machine need credentials: set KAFKA_SASL_MECHANISM=scram-sha-512 with KAFKA_USERNAME and KAFKA_PASSWORD (or a client certificate)',
    ]);
    expect(
      kafkaConnectionProblems({
        KAFKA_BROKERS: 'kafka:9092',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_USERNAME: 'u',
        KAFKA_PASSWORD: 'p',
      }),
    ).toEqual(['KAFKA_SASL_MECHANISM=plain sends the password in clear: brokers off this machine need KAFKA_TLS=true']);
    expect(
      kafkaConnectionProblems({
        KAFKA_BROKERS: 'localhost:9092',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_USERNAME: 'u',
        KAFKA_PASSWORD: 'p',
      }),
    ).toEqual([]);
  });

  it('names every bad variable at once', () => {
    expect(
      kafkaConnectionProblems({
        KAFKA_BROKERS: 'kafka-0:9092,kafka-1',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_USERNAME: 'rebound-refunds',
        KAFKA_TLS: 'yes',
        KAFKA_TLS_CA_FILE: '/no/such/ca.pem',
        KAFKA_TLS_CERT_FILE: __filename,
      }),
    ).toEqual([
      'KAFKA_BROKERS entry "kafka-1" must be host:port',
      'KAFKA_SASL_MECHANISM=scram-sha-512 needs KAFKA_PASSWORD',
      'KAFKA_TLS must be true or false, got "yes"',
      'KAFKA_TLS_CA_FILE: cannot read /no/such/ca.pem (ENOENT)',
      'KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together: set both or neither',
    ]);
    expect(kafkaConnectionProblems({ KAFKA_USERNAME: 'rebound-refunds' })).toEqual([
      'KAFKA_USERNAME or KAFKA_PASSWORD is set without KAFKA_SASL_MECHANISM (scram-sha-512, say)',
    ]);
    expect(
      kafkaConnectionProblems({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_USERNAME: 'u', KAFKA_PASSWORD: 'p' }),
    ).toEqual(['KAFKA_SASL_MECHANISM must be one of scram-sha-512, scram-sha-256, plain, got "gssapi"']);
  });
});
