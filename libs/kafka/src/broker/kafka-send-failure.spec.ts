import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import { KafkaAuthenticationError, kafkaSendFailure } from './kafkajs.broker';

/** A broker's answer as kafkajs builds it from the error code (kafkajs/src/protocol/error.js). */
function protocolError(type: string, retriable: boolean, message = `broker says ${type}`): KafkaJSProtocolError {
  return new KafkaJSProtocolError({ type, retriable, message, code: 0 } as unknown as Error);
}

function afterRetries(cause: Error): KafkaJSNumberOfRetriesExceeded {
  return new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 2000 });
}

describe('kafkaSendFailure', () => {
  it('calls the broker unavailable when it cannot be reached, times out or refuses the producer itself', () => {
    const unavailable = [
      afterRetries(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092')),
      new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out'),
      afterRetries(protocolError('NOT_LEADER_FOR_PARTITION', true)),
      afterRetries(protocolError('NOT_ENOUGH_REPLICAS', true)),
      protocolError('CLUSTER_AUTHORIZATION_FAILED', false),
      new KafkaAuthenticationError(
        { brokers: ['127.0.0.1:9092'] },
        new Error('SASL SCRAM SHA512 authentication failed: invalid credentials'),
      ),
    ];
    for (const error of unavailable) {
      expect(kafkaSendFailure(error)).toMatchObject({ kind: 'unavailable', wholeTopic: false });
    }
  });

  it('calls a record over the size limit or an invalid one refused, for that record only', () => {
    expect(kafkaSendFailure(protocolError('MESSAGE_TOO_LARGE', false, 'larger than the max'))).toEqual({
      kind: 'refused',
      wholeTopic: false,
      reason: 'MESSAGE_TOO_LARGE: larger than the max',
    });
    expect(kafkaSendFailure(protocolError('RECORD_LIST_TOO_LARGE', false))).toMatchObject({ kind: 'refused' });
    expect(kafkaSendFailure(protocolError('INVALID_RECORD', false))).toMatchObject({ kind: 'refused' });
  });

  it('calls a topic that is invalid or not ours to write refused as a whole', () => {
    const notOurs = protocolError('TOPIC_AUTHORIZATION_FAILED', false, 'Not authorized to access topics');
    // kafkajs' producer wraps it so, with the protocol error as the cause.
    const wrapped = Object.assign(new KafkaJSNonRetriableError(notOurs), { cause: notOurs });
    expect(kafkaSendFailure(wrapped)).toEqual({
      kind: 'refused',
      wholeTopic: true,
      reason: 'TOPIC_AUTHORIZATION_FAILED: Not authorized to access topics',
    });
    expect(kafkaSendFailure(protocolError('INVALID_TOPIC_EXCEPTION', false))).toMatchObject({
      kind: 'refused',
      wholeTopic: true,
    });
  });

  it('calls a topic that does not exist refused for now, as a whole: it may be being created', () => {
    const missing = afterRetries(
      protocolError('UNKNOWN_TOPIC_OR_PARTITION', true, 'This server does not host this topic-partition'),
    );
    expect(kafkaSendFailure(missing)).toEqual({
      kind: 'refused-for-now',
      wholeTopic: true,
      reason: 'UNKNOWN_TOPIC_OR_PARTITION: This server does not host this topic-partition',
    });
  });

  it('calls what it cannot name refused for now, so it is counted and parked only after the attempts', () => {
    expect(kafkaSendFailure(new TypeError('value must be a Buffer'))).toEqual({
      kind: 'refused-for-now',
      wholeTopic: false,
      reason: 'TypeError: value must be a Buffer',
    });
    expect(kafkaSendFailure(protocolError('POLICY_VIOLATION', false))).toMatchObject({ kind: 'refused-for-now' });
  });
});
