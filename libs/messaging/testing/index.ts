/**
 * `@rebound/messaging/testing`: what service tests need from both this library and
 * @rebound/testing. It lives outside `src` because @rebound/testing cannot import messaging
 * (messaging's own tests use it, and Nx refuses the cycle), while every service test builds its
 * ground with messaging's namespaced broker.
 */
import { createLogger } from '@rebound/observability';
import { prepareServiceGround, type ServiceGround } from '@rebound/testing';
import { KafkaJsBroker } from '../src/lib/broker/kafkajs.broker';
import { kafkaBrokers } from '../src/lib/broker/kafka-config';

/** A schema and the topic catalogue under a namespace, both the test file's own (see prepareServiceGround). */
export function prepareNamespacedGround(prefix: string): Promise<ServiceGround> {
  return prepareServiceGround(
    prefix,
    (namespace) =>
      new KafkaJsBroker({
        brokers: kafkaBrokers(),
        clientId: `${prefix}-tests`,
        logger: createLogger({ service: `${prefix}-tests`, level: 'silent' }),
        namespace,
      }),
  );
}
